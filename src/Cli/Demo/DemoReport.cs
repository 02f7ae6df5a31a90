using System.Globalization;
using System.Text;
using ScottPlot;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>Writes <c>report.md</c> with PNG plots from a demo's state, and side-by-side comparisons of two runs.</summary>
public static class DemoReport
{
    private const int Width = 900;
    private const int Height = 420;

    /// <summary>Writes the report of the run in <paramref name="folder"/>; returns its path.</summary>
    public static string Write(string folder, DemoState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var plots = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plots);
        var done = state.Iterations.Where(r => r.Finished).OrderBy(r => r.Index).ToList();
        var o = state.Options;
        var anchors = DemoAnchors.For(o.BehaviourName, o.Epsilon);
        var behaviour = state.Behaviour ?? new Estimate(double.NaN, double.NaN);

        ReturnsPlot(Path.Combine(plots, "returns.png"), done, behaviour, anchors);
        CostPlot(Path.Combine(plots, "deployment-cost.png"), done);
        InterventionsPlot(Path.Combine(plots, "interventions.png"), done);
        CoveragePlot(Path.Combine(plots, "coverage.png"), state, done);
        DiversityPlot(Path.Combine(plots, "diversity.png"), done);

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# IndustrialSafeRL demo: {o.Dataset}");
        md.AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Industrial Benchmark, setpoint 70. D_0: {o.DatasetEpisodes} episodes × {o.DatasetSteps} steps of the {o.BehaviourName} set-point controller with ε = {o.Epsilon}. ");
        md.Append(CultureInfo.InvariantCulture, $"{done.Count} of {o.Iterations} iterations; K = {o.Policies} policies each; {o.DeploymentSteps} control cycles per policy per iteration over OPC UA; ");
        md.Append(CultureInfo.InvariantCulture, $"true returns under the evaluation protocol (100 steps, γ = 0.97, reward/100, {o.EvaluationEpisodes} episodes; mean ± s.e.)");
        md.AppendLine(o.Quick ? ". **Quick settings**: small models and short training, so the numbers are a smoke test, not a result." : ".");
        md.AppendLine();
        md.AppendLine("## Verdict");
        md.AppendLine();
        md.AppendLine(Verdict(state, done, anchors));
        md.AppendLine();
        md.AppendLine("## Per iteration");
        md.AppendLine();
        md.AppendLine("| iteration | true return, best by model | each policy | deployment cost / step | interventions | shed cycles | coverage (state / state-action cells) | diversity (true min / mean LSED) | rows | wall time |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| 0 (behaviour) | {Format(behaviour)} | – | – | – | – | {state.DatasetCoverage?.StateCells} / {state.DatasetCoverage?.StateActionCells} | – | {state.DatasetRows} | – |");
        foreach (var r in done)
        {
            var best = r.TrueReturns[r.BestByModel];
            var each = string.Join("<br>", r.TrueReturns.Select((t, k) => $"k={k}: {Format(t)}"));
            var cost = r.Deployments.Count == 0 ? double.NaN : r.Deployments.Average(d => d.MeanCost);
            var interventions = r.Deployments.SelectMany(d => d.Interventions).GroupBy(p => p.Key)
                .Select(g => $"{g.Key} {g.Sum(p => p.Value)}").DefaultIfEmpty("none");
            md.Append(CultureInfo.InvariantCulture, $"| {r.Index} | {Format(best)} (k={r.BestByModel}) | {each} | {cost:F1} | {string.Join(", ", interventions)} | {r.Deployments.Sum(d => d.ShedRows)} | ");
            md.AppendLine(CultureInfo.InvariantCulture, $"{r.CoverageAfter?.StateCells} / {r.CoverageAfter?.StateActionCells} | {r.TrueMinLsed:F2} / {r.TrueMeanLsed:F2} | {r.RowsAfter} | {r.WallSeconds:F0} s |");
        }

        md.AppendLine();
        if (anchors is { } a)
        {
            md.Append(CultureInfo.InvariantCulture, $"Published anchors for {o.Dataset} (DESIGN §9, read off figures, ±1 %): behaviour {a.Behaviour}, best offline method {a.Best} ({a.Method}). ");
            md.AppendLine(CultureInfo.InvariantCulture, $"Physical limit of the protocol for a time-invariant policy: {DemoAnchors.TimeInvariantLimit}.");
            md.AppendLine();
        }

        Methods(md, state, done);

        md.AppendLine("## Plots");
        md.AppendLine();
        md.AppendLine("True return per iteration (each policy, best by model, behaviour, published anchors):");
        md.AppendLine();
        md.AppendLine("![returns](plots/returns.png)");
        md.AppendLine();
        md.AppendLine("Real cost during each deployment (3f + c per step, Auto cycles):");
        md.AppendLine();
        md.AppendLine("![deployment cost](plots/deployment-cost.png)");
        md.AppendLine();
        md.AppendLine("Shield interventions per iteration by unit:");
        md.AppendLine();
        md.AppendLine("![interventions](plots/interventions.png)");
        md.AppendLine();
        md.AppendLine("State coverage of all data so far:");
        md.AppendLine();
        md.AppendLine("![coverage](plots/coverage.png)");
        md.AppendLine();
        md.AppendLine("Diversity of the K policies (min and mean pairwise LSED of their true 100-step trajectories from one reset; MinLSED in the models):");
        md.AppendLine();
        md.AppendLine("![diversity](plots/diversity.png)");
        md.AppendLine();
        md.AppendLine("## Where things are");
        md.AppendLine();
        md.AppendLine("- `store.sqlite`: every transition (D_0 and each deployment, run ids `d0-…` and `demo-itI-kK`).");
        md.AppendLine("- `iteration-I/train/`: training report, checkpoints and policy packages (`policy-K/policy.onnx` + `policy.json`).");
        md.AppendLine("- `logs/`: demo log, controller log, audit trail. `demo.json`: the state this report is written from.");
        var path = Path.Combine(folder, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    // A section per optional method of the trainer, with what it did each iteration. Its ablation is the same demo
    // without the flag: `isrl report --compare <this run> <run without it>`.
    private static void Methods(StringBuilder md, DemoState state, IReadOnlyList<IterationRecord> done)
    {
        var o = state.Options;
        var c = CultureInfo.InvariantCulture;
        md.AppendLine("## Methods");
        md.AppendLine();
        md.Append(c, $"Settings: ε-retrain {o.Retrain ?? "off"}, local guide {o.Guide ?? "none"}, trust region {o.TrustRegion ?? "off"}, α_d {(o.AlphaDiversity is { } ad ? ad.ToString(c) : "trainer default")}. ");
        md.AppendLine("Ablation: run the same demo without a flag into another folder and compare with `isrl report --compare <this run> <other run>`; see docs/methods.md.");
        md.AppendLine();
        md.AppendLine("**Deployment gate** (every package, before the host may activate it: integrity, test vectors, interval bounds over the data support, trust region against the previous iteration's package when trained with one):");
        md.AppendLine();
        foreach (var r in done)
        {
            md.AppendLine(c, $"- iteration {r.Index}: {string.Join("; ", r.Gate.Select((g, k) => $"k={k} {g}"))}");
        }

        md.AppendLine();
        md.AppendLine("**Safety in the models**: share of model-rollout steps outside the state bounds (final policies; uniform logged starts / starts inside the retrain areas built from the data):");
        md.AppendLine();
        md.AppendLine(c, $"{string.Join(", ", done.Select(r => $"iteration {r.Index}: {Share(r.Methods.ViolationsUniform)} / {Share(r.Methods.ViolationsAreas)}"))}.");
        md.AppendLine();
        if (o.Retrain is not null)
        {
            md.AppendLine("### ε-retrain");
            md.AppendLine();
            md.AppendLine("| iteration | retrain areas | training starts from areas | rollout steps outside bounds (uniform / areas) |");
            md.AppendLine("|---|---|---|---|");
            foreach (var r in done)
            {
                md.AppendLine(c, $"| {r.Index} | {r.Methods.RetrainAreas} | {Share(r.Methods.RetrainFromAreas)} | {Share(r.Methods.ViolationsUniform)} / {Share(r.Methods.ViolationsAreas)} |");
            }

            md.AppendLine();
        }

        if (o.Guide is not null)
        {
            md.AppendLine("### Local guide (PAG)");
            md.AppendLine();
            md.AppendLine(c, $"Policy action = guide + Φ(1−β)·tanh(ξ); guide {o.Guide}, whose true return alone is {Format(state.Guide)}: the reference no guided policy should fall below. β continues across iterations, so the allowed deviation grows. The guide floor pulls a policy the model rates more than 1 % below the guide towards it (pull 1 = unchanged, 0 = the guide).");
            md.AppendLine();
            md.AppendLine("| iteration | β (first → last step) | deviation bound Φ(1−β) | true return, best by model | each policy | floor pulls |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var r in done)
            {
                var beta = r.Methods.GuideBeta is { } b ? $"{b[0]:F3} → {b[1]:F3}" : "–";
                var pulls = r.Methods.GuidePulls is { } p ? string.Join(", ", p.Select(v => v.ToString("G2", c))) : "off";
                md.AppendLine(c, $"| {r.Index} | {beta} | {r.Methods.GuideBound:F3} | {Format(r.TrueReturns[r.BestByModel])} | {string.Join(", ", r.TrueReturns.Select(t => t.Mean.ToString("F2", c)))} | {pulls} |");
            }

            md.AppendLine();
        }

        if (o.TrustRegion is not null)
        {
            md.AppendLine("### Trust region (FixPO)");
            md.AppendLine();
            md.AppendLine("D(s) = ‖π_new(s) − π_old(s)‖²/(2σ²) against the previous iteration's policy k, on every logged state; the fixup phase runs until max D ≤ ε_KL.");
            md.AppendLine();
            md.AppendLine("| iteration | ε_KL | max D after main phase | max D exported | fixup steps (of main steps) |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var r in done)
            {
                var m = r.Methods;
                if (m.TrustEpsilon is null)
                {
                    md.AppendLine(c, $"| {r.Index} | – | – (no predecessor) | – | – |");
                    continue;
                }

                md.AppendLine(c, $"| {r.Index} | {m.TrustEpsilon:F3} | {List(m.TrustMaxBefore)} | {List(m.TrustMaxAfter)} | {m.TrustSteps![0]} of {m.TrustSteps[1]} ({100.0 * m.TrustSteps[0] / Math.Max(1, m.TrustSteps[1]):F1} %) |");
            }

            md.AppendLine();
        }

        static string Share(double? v) => v is { } x ? x.ToString("P1", CultureInfo.InvariantCulture) : "–";
        static string List(double[]? v) => v is null ? "–" : string.Join(", ", v.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)));
    }

    /// <summary>Writes a side-by-side comparison of two demo runs; returns its path.</summary>
    public static string Compare(string first, string second, string output)
    {
        var a = DemoState.Load(Path.Combine(first, "demo.json")) ?? throw new InvalidDataException($"{first}: no demo.json (not a demo run folder)");
        var b = DemoState.Load(Path.Combine(second, "demo.json")) ?? throw new InvalidDataException($"{second}: no demo.json (not a demo run folder)");
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(folder);
        var stem = Path.GetFileNameWithoutExtension(output);
        var plotPath = Path.Combine(folder, stem + "-returns.png");
        var diversityPath = Path.Combine(folder, stem + "-diversity.png");
        var nameA = Label(first, a);
        var nameB = Label(second, b);
        var plot = new Plot();
        var diversity = new Plot();
        foreach (var (state, name) in new[] { (a, nameA), (b, nameB) })
        {
            var done = state.Iterations.Where(r => r.Finished).OrderBy(r => r.Index).ToList();
            var xs = done.Select(r => (double)r.Index).ToArray();
            if (xs.Length > 0)
            {
                plot.Add.Scatter(xs, done.Select(r => r.TrueReturns[r.BestByModel].Mean).ToArray()).LegendText = name + ": best by model";
                diversity.Add.Scatter(xs, done.Select(r => r.TrueMeanLsed).ToArray()).LegendText = name + ": mean LSED";
            }
        }

        Finish(plot, "iteration", "true return", plotPath);
        Finish(diversity, "iteration", "pairwise LSED (true trajectories)", diversityPath);

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Comparison: {nameA} vs {nameB}");
        md.AppendLine();
        md.AppendLine("| iteration | " + nameA + ": best by model | spread of K (max − min) | mean LSED | interventions | coverage | " + nameB + ": best by model | spread of K | mean LSED | interventions | coverage |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var iterations = Math.Max(a.Iterations.Count, b.Iterations.Count);
        for (var i = 1; i <= iterations; i++)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {i} ");
            foreach (var state in new[] { a, b })
            {
                var r = state.Iterations.FirstOrDefault(x => x.Index == i && x.Finished);
                if (r is null)
                {
                    md.Append("| – | – | – | – | – ");
                    continue;
                }

                var spread = r.TrueReturns.Max(t => t.Mean) - r.TrueReturns.Min(t => t.Mean);
                var interventions = r.Deployments.Sum(d => d.Interventions.Values.Sum());
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Format(r.TrueReturns[r.BestByModel])} | {spread:F2} | {r.TrueMeanLsed:F2} | {interventions} | {r.CoverageAfter?.StateActionCells} ");
            }

            md.AppendLine("|");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Behaviour: {nameA} {Format(a.Behaviour)}, {nameB} {Format(b.Behaviour)}.");
        md.AppendLine();
        foreach (var (state, name) in new[] { (a, nameA), (b, nameB) })
        {
            var o = state.Options;
            var violations = state.Iterations.Where(r => r.Finished).OrderBy(r => r.Index)
                .Select(r => r.Methods.ViolationsUniform is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "–");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"- {name}: α_d {o.AlphaDiversity?.ToString(CultureInfo.InvariantCulture) ?? "default"}, ε-retrain {o.Retrain ?? "off"}, guide {o.Guide ?? "none"}, trust region {o.TrustRegion ?? "off"}; model-rollout steps outside the bounds per iteration: {string.Join(", ", violations)}");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![returns]({Path.GetFileName(plotPath)})");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![diversity]({Path.GetFileName(diversityPath)})");
        File.WriteAllText(output, md.ToString());
        return Path.GetFullPath(output);
    }

    private static string Label(string folder, DemoState state) =>
        $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))} (α_d {state.Options.AlphaDiversity?.ToString(CultureInfo.InvariantCulture) ?? "default"})";

    private static string Verdict(DemoState state, IReadOnlyList<IterationRecord> done, (double Behaviour, double Best, string Method)? anchors)
    {
        if (done.Count == 0 || state.Behaviour is null)
        {
            return "No iteration has finished yet.";
        }

        var behaviour = state.Behaviour.Mean;
        var first = done[0].TrueReturns[done[0].BestByModel];
        var last = done[^1].TrueReturns[done[^1].BestByModel];
        var bestEver = done.Select(r => r.TrueReturns[r.BestByModel]).MaxBy(e => e.Mean)!;
        var gain = last.Mean - behaviour;
        var improved = last.Mean - (2 * last.StandardError) > behaviour + (2 * state.Behaviour.StandardError);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The policy the models rank best reached a true return of {last.Mean:F2} ± {last.StandardError:F2} after iteration {done[^1].Index}, ");
        text.Append(improved
            ? string.Create(CultureInfo.InvariantCulture, $"an improvement of {gain:F2} ({100 * gain / Math.Abs(behaviour):F1} %) over the behaviour policy ({behaviour:F2}), clear of two standard errors. ")
            : string.Create(CultureInfo.InvariantCulture, $"against {behaviour:F2} for the behaviour policy: {(gain > 0 ? "better, but not clear of two standard errors" : "no improvement")}. "));
        if (done.Count > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"From iteration 1 ({first.Mean:F2}) to {done[^1].Index} it moved by {last.Mean - first.Mean:+0.00;-0.00}; the best iteration reached {bestEver.Mean:F2}. ");
        }

        if (anchors is { } a)
        {
            text.Append(CultureInfo.InvariantCulture, $"Published: behaviour {a.Behaviour}, best offline method {a.Best} ({a.Method}); ");
            text.Append(last.Mean >= a.Best ? "this run reaches the best published number." : string.Create(CultureInfo.InvariantCulture, $"this run is {a.Best - last.Mean:F2} below the best published number."));
        }

        var interventions = done.Sum(r => r.Deployments.Sum(d => d.Interventions.Values.Sum()));
        var sheds = done.Sum(r => r.Deployments.Sum(d => d.ShedRows));
        text.Append(CultureInfo.InvariantCulture, $" Over all deployments the shield intervened {interventions} times and {sheds} cycles were shed.");
        return text.ToString();
    }

    private static void ReturnsPlot(string path, IReadOnlyList<IterationRecord> done, Estimate behaviour, (double Behaviour, double Best, string Method)? anchors)
    {
        var plot = new Plot();
        var xs = done.Select(r => (double)r.Index).ToArray();
        var k = done.Count == 0 ? 0 : done.Max(r => r.TrueReturns.Count);
        for (var p = 0; p < k; p++)
        {
            var points = done.Where(r => p < r.TrueReturns.Count).ToList();
            var line = plot.Add.Scatter(points.Select(r => (double)r.Index).ToArray(), points.Select(r => r.TrueReturns[p].Mean).ToArray());
            line.LegendText = $"policy k={p}";
            line.LineWidth = 1;
        }

        if (xs.Length > 0)
        {
            var best = plot.Add.Scatter(xs, done.Select(r => r.TrueReturns[r.BestByModel].Mean).ToArray());
            best.LegendText = "best by model";
            best.LineWidth = 3;
        }

        plot.Add.HorizontalLine(behaviour.Mean).LegendText = "behaviour (this simulator)";
        if (anchors is { } a)
        {
            var published = plot.Add.HorizontalLine(a.Behaviour);
            published.LegendText = "behaviour (published)";
            published.LinePattern = LinePattern.Dashed;
            var bestPublished = plot.Add.HorizontalLine(a.Best);
            bestPublished.LegendText = $"best published ({a.Method})";
            bestPublished.LinePattern = LinePattern.Dotted;
        }

        Finish(plot, "iteration", "true return (protocol)", path);
    }

    private static void CostPlot(string path, IReadOnlyList<IterationRecord> done)
    {
        var plot = new Plot();
        var k = done.Count == 0 ? 0 : done.Max(r => r.Deployments.Count);
        for (var p = 0; p < k; p++)
        {
            var points = done.Where(r => p < r.Deployments.Count).ToList();
            plot.Add.Scatter(points.Select(r => (double)r.Index).ToArray(), points.Select(r => r.Deployments[p].MeanCost).ToArray()).LegendText = $"policy k={p}";
        }

        Finish(plot, "iteration", "mean cost per step during deployment (3f + c)", path);
    }

    private static void InterventionsPlot(string path, IReadOnlyList<IterationRecord> done)
    {
        var plot = new Plot();
        var units = done.SelectMany(r => r.Deployments.SelectMany(d => d.Interventions.Keys)).Distinct().Order().ToList();
        var xs = done.Select(r => (double)r.Index).ToArray();
        foreach (var unit in units)
        {
            plot.Add.Scatter(xs, done.Select(r => (double)r.Deployments.Sum(d => d.Interventions.GetValueOrDefault(unit))).ToArray()).LegendText = unit;
        }

        if (xs.Length > 0)
        {
            plot.Add.Scatter(xs, done.Select(r => (double)r.Deployments.Sum(d => d.ShedRows)).ToArray()).LegendText = "shed cycles";
        }

        Finish(plot, "iteration", "count", path);
    }

    private static void CoveragePlot(string path, DemoState state, IReadOnlyList<IterationRecord> done)
    {
        var plot = new Plot();
        var xs = new[] { 0.0 }.Concat(done.Select(r => (double)r.Index)).ToArray();
        plot.Add.Scatter(xs, new[] { (double)(state.DatasetCoverage?.StateCells ?? 0) }.Concat(done.Select(r => (double)(r.CoverageAfter?.StateCells ?? 0))).ToArray()).LegendText = "state cells";
        plot.Add.Scatter(xs, new[] { (double)(state.DatasetCoverage?.StateActionCells ?? 0) }.Concat(done.Select(r => (double)(r.CoverageAfter?.StateActionCells ?? 0))).ToArray()).LegendText = "state-action cells";
        Finish(plot, "iteration (0 = D_0)", "unique cells visited by all data so far", path);
    }

    private static void DiversityPlot(string path, IReadOnlyList<IterationRecord> done)
    {
        var plot = new Plot();
        var xs = done.Select(r => (double)r.Index).ToArray();
        if (xs.Length > 0)
        {
            plot.Add.Scatter(xs, done.Select(r => r.TrueMinLsed).ToArray()).LegendText = "min LSED (true simulator)";
            plot.Add.Scatter(xs, done.Select(r => r.TrueMeanLsed).ToArray()).LegendText = "mean LSED (true simulator)";
            plot.Add.Scatter(xs, done.Select(r => r.ModelMinLsed).ToArray()).LegendText = "MinLSED (models)";
        }

        Finish(plot, "iteration", "trajectory distance", path);
    }

    private static void Finish(Plot plot, string x, string y, string path)
    {
        plot.XLabel(x);
        plot.YLabel(y);
        // Outside the data area, so the legend never hides a point.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    private static string Format(Estimate? e) =>
        e is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{e.Mean:F2} ± {e.StandardError:F2}");
}
