using System.CommandLine;
using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// Runs a verb's body and turns the errors a user can cause (bad options, paths, files) into one line on the error
/// stream and exit code 1; anything else is a bug and keeps its stack trace.
/// </summary>
internal static class VerbAction
{
    public static int Run(ParseResult parseResult, string verb, Func<TextWriter, TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (Exception e) when (e is VerbFailure or ArgumentException or TransitionStoreException or IOException
                                       or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            error.WriteLine($"isrl {verb}: error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Restates an options-validation error in terms of the command-line option it came from, e.g.
    /// "--epsilon: Epsilon must lie in [0, 1]. (got 1.5)".
    /// </summary>
    public static string OptionMessage(ArgumentException e, IReadOnlyDictionary<string, string> optionOf)
    {
        var text = e.Message;
        var cut = text.IndexOf(" (Parameter", StringComparison.Ordinal);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            text += FormattableString.Invariant($" (got {actual})");
        }

        return e.ParamName is { } name && optionOf.TryGetValue(name, out var option) ? $"{option}: {text}" : text;
    }
}
