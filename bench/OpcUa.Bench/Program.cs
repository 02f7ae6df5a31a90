using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IndustrialSafeRL.OpcUa.Bench;
using IndustrialSafeRL.OpcUa.Server;

// Usage:
//   OpcUa.Bench compare [--iterations 2000] [--warmup 200]   all four pairings, markdown table
//   OpcUa.Bench client --endpoint URL [--iterations N] [--warmup N]   our client, JSON
//   OpcUa.Bench server [--port 4840]                          our server with the IB tag file until Ctrl+C
var mode = args.FirstOrDefault() ?? "compare";
string Opt(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var iterations = int.Parse(Opt("--iterations", "2000"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Opt("--warmup", "200"), CultureInfo.InvariantCulture);
var harness = HarnessDirectory();

switch (mode)
{
    case "client":
        {
            var stats = await ClientBench.RunAsync(Opt("--endpoint", "opc.tcp://127.0.0.1:4840"), iterations, warmup);
            Console.WriteLine("{" + string.Join(",", stats.Select(s => $"\"{s.Key}\":{s.Value.ToJson()}")) + "}");
            return 0;
        }

    case "server":
        {
            await using var server = await StartOurServerAsync(int.Parse(Opt("--port", "4840"), CultureInfo.InvariantCulture));
            Console.WriteLine($"READY {server.EndpointUrl}");
            var done = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
            await done.Task;
            return 0;
        }

    case "compare":
        {
            var rows = new List<(string Pair, Dictionary<string, (double P50, double P99, double Ops, double Alloc)> Phases)>();

            // 1. node-opcua bench.js against node-opcua server.js (the reference figures).
            await using (var node = await StartNodeServerAsync())
            {
                rows.Add(("node-opcua client → node-opcua server", await NodeBenchAsync(node.Endpoint)));
                // 2. our client against node-opcua server.js.
                rows.Add(("**our client** → node-opcua server", Convert(await ClientBench.RunAsync(node.Endpoint, iterations, warmup))));
            }

            // 3. node-opcua bench.js against our server; 4. our client against our server.
            await using (var ours = await StartOurServerAsync(0))
            {
                rows.Add(("node-opcua client → **our server**", await NodeBenchAsync(ours.EndpointUrl)));
                rows.Add(("**our client** → **our server**", Convert(await ClientBench.RunAsync(ours.EndpointUrl, iterations, warmup))));
            }

            var phases = new[] { "read_single", "write_single", "read_batch", "write_batch", "control_cycle", "read_pipelined" };
            Console.WriteLine($"iterations {iterations}, warmup {warmup}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, node {NodeVersion()}");
            Console.WriteLine();
            Console.WriteLine("| pairing | " + string.Join(" | ", phases.Select(p => $"{p} p50 / p99 ms")) + " | read_pipelined ops/s | control_cycle alloc B |");
            Console.WriteLine("| --- |" + string.Concat(Enumerable.Repeat(" --- |", phases.Length + 2)));
            foreach (var (pair, values) in rows)
            {
                var cells = phases.Select(p => values.TryGetValue(p, out var v) ? string.Create(CultureInfo.InvariantCulture, $"{v.P50:F2} / {v.P99:F2}") : "–");
                var ops = values.TryGetValue("read_pipelined", out var rp) ? rp.Ops.ToString("F0", CultureInfo.InvariantCulture) : "–";
                var alloc = values.TryGetValue("control_cycle", out var cc) && cc.Alloc >= 0 ? cc.Alloc.ToString("F0", CultureInfo.InvariantCulture) : "–";
                Console.WriteLine($"| {pair} | {string.Join(" | ", cells)} | {ops} | {alloc} |");
            }

            return 0;
        }

    default:
        Console.Error.WriteLine("usage: OpcUa.Bench compare|client|server [--iterations N] [--warmup N] [--endpoint URL] [--port N]");
        return 1;
}

static Dictionary<string, (double, double, double, double)> Convert(Dictionary<string, LatencyStats> stats) =>
    stats.ToDictionary(s => s.Key, s => (s.Value.P50Ms, s.Value.P99Ms, s.Value.OpsPerS, s.Value.AllocBytesPerOp));

async Task<Dictionary<string, (double, double, double, double)>> NodeBenchAsync(string endpoint)
{
    var (code, stdout, stderr) = await RunNodeAsync("bench.js", "--endpoint", endpoint, "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
        "--warmup", warmup.ToString(CultureInfo.InvariantCulture));
    if (code != 0)
    {
        throw new InvalidOperationException($"bench.js failed ({code}): {stderr}");
    }

    using var doc = JsonDocument.Parse(stdout);
    var result = new Dictionary<string, (double, double, double, double)>();
    foreach (var phase in doc.RootElement.GetProperty("results").EnumerateObject())
    {
        result[phase.Name] = (phase.Value.GetProperty("p50_ms").GetDouble(), phase.Value.GetProperty("p99_ms").GetDouble(), phase.Value.GetProperty("ops_per_s").GetDouble(), -1);
    }

    return result;
}

async Task<(int Code, string Stdout, string Stderr)> RunNodeAsync(string script, params string[] scriptArgs)
{
    var info = new ProcessStartInfo("node") { WorkingDirectory = harness, RedirectStandardOutput = true, RedirectStandardError = true };
    info.ArgumentList.Add(script);
    foreach (var a in scriptArgs)
    {
        info.ArgumentList.Add(a);
    }

    using var p = Process.Start(info)!;
    var stdout = p.StandardOutput.ReadToEndAsync();
    var stderr = p.StandardError.ReadToEndAsync();
    await p.WaitForExitAsync();
    return (p.ExitCode, await stdout, await stderr);
}

string NodeVersion()
{
    using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
    var v = p.StandardOutput.ReadToEnd().Trim();
    p.WaitForExit();
    return v;
}

async Task<NodeServerProcess> StartNodeServerAsync()
{
    var port = FreePort();
    var info = new ProcessStartInfo("node") { WorkingDirectory = harness, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "server.js", "--port", port.ToString(CultureInfo.InvariantCulture) })
    {
        info.ArgumentList.Add(a);
    }

    var p = Process.Start(info)!;
    p.ErrorDataReceived += (_, _) => { };
    p.BeginErrorReadLine();
    while (await p.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.StartsWith("READY ", StringComparison.Ordinal))
        {
            // server.js logs every write; discard without accumulating (it would count as our allocation).
            _ = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            return new NodeServerProcess(p, line[6..].Trim());
        }
    }

    throw new InvalidOperationException("server.js exited before READY");
}

async Task<UaServer> StartOurServerAsync(int port)
{
    var server = new UaServer(new UaServerOptions { Port = port });
    TagFile.Load(Path.Combine(harness, "tags.industrial-benchmark.json")).Populate(server.AddressSpace);
    await server.StartAsync();
    return server;
}

static int FreePort()
{
    using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    l.Start();
    return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
}

static string HarnessDirectory()
{
    var env = Environment.GetEnvironmentVariable("ISRL_SHARED");
    if (!string.IsNullOrEmpty(env))
    {
        return Path.Combine(env, "interop", "opcua");
    }

    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "interop", "opcua");
        if (File.Exists(Path.Combine(dir.FullName, "shared", "DESIGN.md")) && Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    return "/work/shared/interop/opcua";
}

/// <summary>A running server.js, killed on dispose.</summary>
internal sealed record NodeServerProcess(Process Process, string Endpoint) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
