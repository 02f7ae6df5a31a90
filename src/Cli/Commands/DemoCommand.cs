using System.CommandLine;
using IndustrialSafeRL.Cli.Demo;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl demo</c>: the whole loop on embedded defaults — D_0 from a behaviour policy, then train, gate, deploy over
/// OPC UA behind the shield, evaluate — with a report. Running it again continues after the last finished phase.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Behaviour data D_0 as <bad|mediocre|optimized>-<epsilon>.", DefaultValueFactory = _ => "mediocre-0.2" };
        var iterations = new Option<int?>("--iterations") { Description = "Train → deploy → collect iterations (default 4; with --quick 2)." };
        var k = new Option<int>("--k") { Description = "Policies per iteration.", DefaultValueFactory = _ => 3 };
        var quick = new Option<bool>("--quick") { Description = "Small settings that finish in about two minutes (a smoke test, not a result)." };
        var output = new Option<string?>("--out") { Description = "Output folder (default runs/demo, with --quick runs/demo-quick)." };
        var alphaDiv = new Option<double?>("--alpha-div") { Description = "Diversity weight α_d relative to |J| at initialisation (0 switches diversity off)." };
        var seed = new Option<uint>("--seed") { Description = "Seed of data, training and evaluation.", DefaultValueFactory = _ => 0u };
        var retrain = new Option<string?>("--retrain") { Description = "ε-retrain start states: eps0,epsmin,omega,beta,N or on (trainer defaults). Default off." };
        var guide = new Option<string?>("--guide") { Description = "Local guide (PAG): behaviour (the dataset's set-point controller), setpoint:<targets> or pid:<targets>. Default none." };
        var trustRegion = new Option<string?>("--trust-region") { Description = "Trust region between successive iterations (FixPO): eps[,sigma] or on (trainer defaults). Default off." };
        var command = new Command("demo", "Run the full iterative loop on the Industrial Benchmark over OPC UA and write a report.")
        {
            dataset, iterations, k, quick, output, alphaDiv, seed, retrain, guide, trustRegion,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var isQuick = parseResult.GetValue(quick);
            DemoOptions options;
            try
            {
                options = new DemoOptions
                {
                    Dataset = parseResult.GetValue(dataset)!,
                    Iterations = parseResult.GetValue(iterations) ?? (isQuick ? 2 : 4),
                    Policies = parseResult.GetValue(k),
                    Quick = isQuick,
                    Output = parseResult.GetValue(output) ?? Path.Combine("runs", isQuick ? "demo-quick" : "demo"),
                    AlphaDiversity = parseResult.GetValue(alphaDiv),
                    Seed = parseResult.GetValue(seed),
                    Retrain = parseResult.GetValue(retrain),
                    Guide = parseResult.GetValue(guide),
                    TrustRegion = parseResult.GetValue(trustRegion),
                }.Validate();
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"isrl demo: error: {VerbAction.OptionMessage(e, new Dictionary<string, string>())}");
                return 1;
            }

            var folder = Path.GetFullPath(options.Output);
            Directory.CreateDirectory(Path.Combine(folder, "logs"));
            await using var file = new StreamWriter(Path.Combine(folder, "logs", "demo.log"), append: true) { AutoFlush = true };
            using var log = new TeeWriter(stdout, file);
            log.WriteLine($"isrl demo → {folder} (Ctrl+C stops cleanly; run the same command again to continue)");
            try
            {
                var state = await new DemoRunner(options, log).RunAsync(cancellationToken).ConfigureAwait(false);
                stdout.WriteLine($"report: {Path.Combine(folder, "report.md")}");
                return state.Iterations.Count(r => r.Finished) == options.Iterations ? 0 : 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                log.WriteLine("stopped: everything finished so far is saved; run the same command again to continue");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException
                                       or Contracts.Transitions.TransitionStoreException)
            {
                log.WriteLine($"isrl demo: error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Writes each line to the console and to the demo log.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        private readonly Lock _gate = new();

        public override System.Text.Encoding Encoding => first.Encoding;

        public override void Write(char value)
        {
            lock (_gate)
            {
                first.Write(value);
                second.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                first.WriteLine(value);
                second.WriteLine(value);
            }
        }
    }
}
