using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using IndustrialSafeRL.TestSupport;

namespace IndustrialSafeRL.OpcUa.Tests.Interop;

/// <summary>A node-opcua harness script run as a child process; stdout lines are collected, the process is always killed on dispose.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly List<string> _all = [];
    private readonly System.Text.StringBuilder _stderr = new();

    private NodeProcess(Process process)
    {
        _process = process;
    }

    public static string HarnessDirectory => RepositoryPaths.SharedFile("interop", "opcua");

    public static NodeProcess Start(string script, params string[] args)
    {
        var dir = HarnessDirectory;
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            throw new InvalidOperationException($"node-opcua is not installed: run `npm ci` in {dir}");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                node._lines.CompleteAdding();
                return;
            }

            lock (node._all)
            {
                node._all.Add(e.Data);
            }

            if (!node._lines.IsAddingCompleted)
            {
                node._lines.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (node._stderr)
                {
                    node._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public int Id => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Waits for a stdout line that satisfies <paramref name="match"/>.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = _lines.Take(cts.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            throw new TimeoutException($"no matching line within {timeout}; stdout:\n{string.Join('\n', Lines)}\nstderr:\n{Stderr}", e);
        }
    }

    /// <summary>Waits for exit and returns the exit code and the JSON lines.</summary>
    public async Task<(int ExitCode, List<JsonElement> Events)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"process did not exit within {timeout}; stdout:\n{string.Join('\n', Lines)}\nstderr:\n{Stderr}", e);
        }

        _process.WaitForExit();
        return (_process.ExitCode, Events());
    }

    public List<JsonElement> Events()
    {
        var events = new List<JsonElement>();
        foreach (var line in Lines)
        {
            if (line.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(line);
                events.Add(doc.RootElement.Clone());
            }
        }

        return events;
    }

    public string Describe() => $"stdout:\n{string.Join('\n', Lines)}\nstderr:\n{Stderr}";

    /// <summary>SIGTERM (graceful), then kill if it lingers.</summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
        _lines.Dispose();
    }

    /// <summary>Runs a script to completion.</summary>
    public static async Task<(int ExitCode, List<JsonElement> Events, string Output)> RunAsync(TimeSpan timeout, string script, params string[] args)
    {
        await using var p = Start(script, args);
        var (code, events) = await p.WaitForExitAsync(timeout);
        return (code, events, p.Describe());
    }
}
