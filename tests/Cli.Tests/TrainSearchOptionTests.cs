namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl train</c>: the model-disagreement weight is offered, and a negative weight or a missing config file
/// is refused with exit code 2 before anything is written.</summary>
public sealed class TrainSearchOptionTests
{
    [Fact]
    public void Help_lists_the_uncertainty_option()
    {
        var (code, output, _) = CliRun.Invoke("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--alpha-uncertainty", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alpha-uncertainty", "-0.1")]
    [InlineData("--config", "{dir}/no-such-config.json")]
    public void Invalid_values_are_refused_before_training(string option, string value)
    {
        var (code, wrote) = TrainRefusal.Run(option, value);
        Assert.Equal(2, code);
        Assert.False(wrote, $"nothing may be written when {option} is invalid");
    }
}
