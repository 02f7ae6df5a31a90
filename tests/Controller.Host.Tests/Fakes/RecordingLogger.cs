using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Tests.Fakes;

/// <summary>One log call as the logger received it: level, rendered message and structured properties.</summary>
internal sealed record LogLine(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties)
{
    public object? this[string property] => Properties.TryGetValue(property, out var value) ? value : null;
}

/// <summary>A logger that keeps every call, with the message template's named values (what Serilog records as properties).</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock gate = new();
    private readonly List<LogLine> lines = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                properties[key] = value;
            }
        }

        lock (gate)
        {
            lines.Add(new LogLine(logLevel, formatter(state, exception), properties));
        }
    }
}
