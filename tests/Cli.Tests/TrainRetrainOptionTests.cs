namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl train --retrain eps0,epsmin,omega,beta,N</c>: offered, and invalid values are refused before any
/// training starts (the message naming the field is checked in the trainer's RetrainTests; it goes to the ANSI console).</summary>
public sealed class TrainRetrainOptionTests
{
    [Fact]
    public void Help_lists_the_retrain_option()
    {
        var (code, output, _) = CliRun.Invoke("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--retrain", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5,0.05,abc,0.5,64")]
    [InlineData("0.5,0.05,0.5,2,64")]
    [InlineData("0.5,0.05,0.5,0.5")]
    public void Invalid_retrain_values_are_refused_before_training(string value)
    {
        var (code, wrote) = TrainRefusal.Run("--retrain", value);
        Assert.Equal(2, code);
        Assert.False(wrote, "nothing may be written when --retrain is invalid");
    }
}
