using System.CommandLine;
using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;
using IndustrialSafeRL.Cli.Evaluation;
using IndustrialSafeRL.Policy.Runtime.Packages;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl evaluate</c>: the evaluation protocol of DESIGN §4 (setpoint 70, 100 steps, γ = 0.97, reward / 100,
/// ≥ 100 episodes) for a behaviour policy or a policy package, printing mean ± standard error.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var policy = new Option<string[]>("--policy")
        {
            Description = $"A behaviour policy name ({string.Join(", ", BehaviourPolicies.Names)}) or a policy package directory; "
                + "several (e.g. runs/x/policy-*) are evaluated one after the other, then their lock-step spread on the true simulator is measured.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var task = new Option<string>("--task") { Description = "ib (Industrial Benchmark) or 2d (the 2D task; policy 'behaviour').", DefaultValueFactory = _ => "ib" };
        task.AcceptOnlyFromAmong("ib", "2d");
        var epsilon = new Option<double>("--epsilon") { Description = "Random share of a behaviour policy, in [0, 1].", DefaultValueFactory = _ => 0.0 };
        var episodes = new Option<int>("--episodes") { Description = "Episodes (at least 100 for the protocol).", DefaultValueFactory = _ => 100 };
        var steps = new Option<int>("--steps") { Description = "Steps per episode.", DefaultValueFactory = _ => 100 };
        var setpoint = new Option<double>("--setpoint") { Description = "Setpoint.", DefaultValueFactory = _ => 70.0 };
        var gamma = new Option<double>("--gamma") { Description = "Discount γ.", DefaultValueFactory = _ => 0.97 };
        var rewardScale = new Option<double>("--reward-scale") { Description = "Factor on every reward (the protocol divides by 100).", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<uint>("--seed") { Description = "Episode e resets with seed S + e; the behaviour draws from seed S + 2³¹.", DefaultValueFactory = _ => 0u };
        var plantController = new Option<string?>("--plant-controller")
        {
            Description = "For packages trained with --guide tag: the plant's own controller whose proposal they perturb "
                + $"({string.Join(", ", PackagePolicy.PlantControllers)}; deterministic, ε = 0), as the PLC's guide tags supply it in operation.",
        };
        var command = new Command("evaluate", "Evaluate a policy with the benchmark's protocol and print mean ± standard error.")
        {
            policy, task, epsilon, episodes, steps, setpoint, gamma, rewardScale, seed, plantController,
        };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "evaluate", (stdout, stderr) =>
        {
            var names = parseResult.GetValue(policy)!;
            var seedValue = parseResult.GetValue(seed);
            if (parseResult.GetValue(task) == "2d")
            {
                if (names.Length != 1)
                {
                    throw new VerbFailure($"--policy: the 2D task evaluates one policy, got {names.Length}");
                }

                return Evaluate2D(names[0], parseResult.GetValue(episodes), seedValue, stdout);
            }

            var options = new EvaluationOptions
            {
                Episodes = parseResult.GetValue(episodes),
                Steps = parseResult.GetValue(steps),
                Setpoint = parseResult.GetValue(setpoint),
                Discount = parseResult.GetValue(gamma),
                RewardScale = parseResult.GetValue(rewardScale),
                Seed = seedValue,
            };
            var map = new Dictionary<string, string>
            {
                ["Episodes"] = "--episodes", ["Steps"] = "--steps", ["Setpoint"] = "--setpoint", ["Discount"] = "--gamma",
                ["RewardScale"] = "--reward-scale", ["epsilon"] = "--epsilon",
            };
            var controllerName = parseResult.GetValue(plantController);
            if (controllerName is not null && !PackagePolicy.PlantControllers.Contains(controllerName, StringComparer.Ordinal))
            {
                throw new VerbFailure($"--plant-controller: '{controllerName}' is not a plant controller (known: {string.Join(", ", PackagePolicy.PlantControllers)})");
            }

            var resolvedAll = new List<IIndustrialBenchmarkPolicy>();
            try
            {
                options.Validate();
                foreach (var name in names)
                {
                    resolvedAll.Add(Resolve(name, parseResult.GetValue(epsilon), seedValue, controllerName));
                }
            }
            catch (ArgumentException e)
            {
                DisposeAll(resolvedAll);
                throw new VerbFailure(VerbAction.OptionMessage(e, map));
            }
            catch (VerbFailure)
            {
                DisposeAll(resolvedAll);
                throw;
            }

            try
            {
                foreach (var resolved in resolvedAll)
                {
                    EvaluateOne(resolved, options, stdout, stderr);
                }

                if (resolvedAll.Count > 1)
                {
                    var scale = SpreadScale(resolvedAll);
                    var spread = TrajectorySpread.Measure(resolvedAll, scale, options);
                    stdout.WriteLine(FormattableString.Invariant(
                        $"lock-step spread on the true simulator ({spread.Episodes} episodes, (v, g, h, f, c) / [{string.Join(", ", scale.Select(s => s.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))}]): MinLSED {spread.MinLsed:F2}, mean pairwise LSED {spread.MeanLsed:F2}"));
                }
            }
            finally
            {
                DisposeAll(resolvedAll);
            }

            return 0;
        }));
        return command;
    }

    private static void EvaluateOne(IIndustrialBenchmarkPolicy resolved, EvaluationOptions options, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine(FormattableString.Invariant(
            $"evaluating {resolved.Name}: {options.Episodes} episodes × {options.Steps} steps, setpoint {options.Setpoint}, γ {options.Discount}, reward × {options.RewardScale}"));
        if (options.Episodes < 100)
        {
            stderr.WriteLine($"note: the protocol behind the published numbers uses at least 100 episodes (this run: {options.Episodes})");
        }

        var progress = new ConsoleProgress(stderr, "episodes", options.Episodes);
        var result = PolicyEvaluation.Evaluate(resolved, options, progress);
        stdout.WriteLine(FormattableString.Invariant(
            $"{result.PolicyName}: {result.Mean:F2} ± {result.StandardError:F2} (mean ± standard error over {result.Returns.Count} episodes; sd {result.StandardDeviation:F2}, min {result.Min:F2}, max {result.Max:F2})"));
    }

    // The trainer's normalisation when the first package has one (LSED in the units of the training's MinLSED),
    // else unit scale.
    private static double[] SpreadScale(IReadOnlyList<IIndustrialBenchmarkPolicy> policies)
    {
        if (policies.OfType<PackagePolicy>().FirstOrDefault() is { } package)
        {
            var observation = package.Package.Manifest.Observation;
            return [.. TrajectorySpread.Tags.Select(i => IndexOf(observation.Tags, IndustrialSafeRL.IndustrialBenchmark.Environment.IndustrialBenchmarkObservation.Tags[i]) is var j and >= 0 ? observation.Std[j] : 1.0)];
        }

        return [1, 1, 1, 1, 1];
    }

    private static int IndexOf(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] == tag)
            {
                return i;
            }
        }

        return -1;
    }

    private static void DisposeAll(IEnumerable<IIndustrialBenchmarkPolicy> policies)
    {
        foreach (var p in policies)
        {
            (p as IDisposable)?.Dispose();
        }
    }

    private static IIndustrialBenchmarkPolicy Resolve(string name, double epsilon, uint seed, string? plantController)
    {
        if (BehaviourPolicies.IsName(name))
        {
            return BehaviourPolicies.Create(name, epsilon, unchecked(seed + 0x80000000u));
        }

        if (Directory.Exists(name))
        {
            try
            {
                // ε = 0 draws nothing, so the seed is immaterial; the controller is the PLC's deterministic law.
                var controller = plantController is null ? null : BehaviourPolicies.Create(plantController, 0.0, seed);
                return PackagePolicy.Load(name, controller);
            }
            catch (PolicyPackageException e)
            {
                throw new VerbFailure($"--policy: {e.Message}");
            }
        }

        throw new VerbFailure(
            $"--policy: '{name}' is not a behaviour policy name or a policy package directory (behaviour policies: {string.Join(", ", BehaviourPolicies.Names)})");
    }

    private static int Evaluate2D(string name, int episodes, uint seed, TextWriter stdout)
    {
        if (name != "behaviour")
        {
            throw new VerbFailure($"--policy: '{name}' is not a 2D-task policy (known: behaviour)");
        }

        if (episodes < 2)
        {
            throw new VerbFailure($"--episodes: at least 2 episodes are needed for a standard error (got {episodes})");
        }

        var options = new TwoDimensionalTaskOptions();
        var result = TwoDimensionalTask.Evaluate(
            TwoDimensionalTask.Behaviour(options, DirectionFieldPolicy.DefaultNoise, unchecked(seed + 0x80000000u)), episodes, seed, options);
        stdout.WriteLine(FormattableString.Invariant(
            $"{result.PolicyName}: {result.Mean:F3} ± {result.StandardError:F3} (undiscounted return, mean ± standard error over {episodes} episodes of {options.EpisodeLength} steps)"));
        return 0;
    }
}
