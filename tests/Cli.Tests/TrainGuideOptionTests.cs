namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl train --guide …</c>: the local-guide options are offered and invalid values are refused before
/// any training starts.</summary>
public sealed class TrainGuideOptionTests
{
    [Fact]
    public void Help_lists_the_guide_options()
    {
        var (code, output, _) = CliRun.Invoke("train", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--guide", "--guide-phi", "--guide-beta-start", "--guide-beta-decay", "--guide-beta-every", "--guide-confidence", "--guide-floor" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--guide", "banana:1,2,3")]
    [InlineData("--guide", "setpoint:25,x,25")]
    [InlineData("--guide-phi", "3")]
    [InlineData("--guide-beta-decay", "0")]
    [InlineData("--guide-beta-every", "0")]
    [InlineData("--guide-confidence", "velocity:60:40")]
    [InlineData("--guide-confidence", "speed:40:60")]
    public void Invalid_guide_values_are_refused_before_training(string option, string value)
    {
        var (code, wrote) = option == "--guide"
            ? TrainRefusal.Run(option, value)
            : TrainRefusal.Run("--guide", "setpoint:25,25,25", option, value);
        Assert.Equal(2, code);
        Assert.False(wrote, "nothing may be written when the guide options are invalid");
    }
}
