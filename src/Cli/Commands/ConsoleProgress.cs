using System.Diagnostics;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>Progress of a long run on the error stream, at most about once a second plus the last report.</summary>
internal sealed class ConsoleProgress(TextWriter writer, string what, int total, Func<int, string>? detail = null) : IProgress<int>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastReport;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Report(int value)
    {
        var now = _clock.Elapsed;
        if (value < total && _lastReport is { } last && now - last < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _lastReport = now;
        var extra = detail is null ? string.Empty : ", " + detail(value);
        writer.WriteLine(FormattableString.Invariant($"  {what} {value}/{total}{extra} ({now.TotalSeconds:F1} s)"));
    }
}
