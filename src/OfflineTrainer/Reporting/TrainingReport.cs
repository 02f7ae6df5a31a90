using System.Globalization;
using System.Text;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using ScottPlot;

namespace IndustrialSafeRL.OfflineTrainer.Reporting;

/// <summary>The Markdown report of a training run with PNG plots: model validation curves, policy loss terms,
/// model-estimated return per policy, MinLSED.</summary>
public static class TrainingReport
{
    /// <summary>Writes <c>report.md</c> and its plots into the run directory.</summary>
    public static void Write(TrainingOutcome outcome, TrainerConfig config)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(config);
        var dir = outcome.OutputDirectory;
        var plots = Path.Combine(dir, "plots");
        Directory.CreateDirectory(plots);
        var c = CultureInfo.InvariantCulture;

        // Model validation curves.
        {
            var plot = new Plot();
            var members = outcome.Models.BestValidationLoss.Length;
            for (var g = 0; g < members; g++)
            {
                var ys = new[] { outcome.Models.InitialValidationLoss[g] }.Concat(outcome.Models.ValidationLoss.Select(e => e[g])).ToArray();
                var line = plot.Add.Scatter(Enumerable.Range(0, ys.Length).Select(i => (double)i).ToArray(), ys);
                line.LegendText = $"member {g}";
            }

            plot.Axes.SetLimitsY(0, double.NaN);
            plot.Title("Transition models: validation MSE (normalised)");
            plot.XLabel("epoch");
            plot.YLabel("MSE");
            plot.ShowLegend();
            plot.SavePng(Path.Combine(plots, "model-validation.png"), 640, 400);
        }

        var steps = outcome.Search.Select(s => (double)s.Step).ToArray();
        if (steps.Length > 0)
        {
            var plot = new Plot();
            var k = outcome.Search[0].Returns.Length;
            for (var p = 0; p < k; p++)
            {
                var line = plot.Add.Scatter(steps, outcome.Search.Select(s => s.Returns[p]).ToArray());
                line.LegendText = $"J policy {p}";
                line.MarkerSize = 0;
            }

            plot.Title("Model-estimated return J_k during policy search");
            plot.XLabel("step");
            plot.YLabel("Σ γ^t r_t");
            plot.ShowLegend();
            plot.SavePng(Path.Combine(plots, "policy-return.png"), 640, 400);

            var terms = new Plot();
            var loss = terms.Add.Scatter(steps, outcome.Search.Select(s => s.Loss).ToArray());
            loss.LegendText = "loss L";
            loss.MarkerSize = 0;
            var pen = terms.Add.Scatter(steps, outcome.Search.Select(s => s.Penalties.Average()).ToArray());
            pen.LegendText = "mean Pen_k";
            pen.MarkerSize = 0;
            terms.Title("Policy loss terms");
            terms.XLabel("step");
            terms.ShowLegend();
            terms.SavePng(Path.Combine(plots, "policy-loss.png"), 640, 400);

            var diversity = new Plot();
            var d = diversity.Add.Scatter(steps, outcome.Search.Select(s => s.MinLsed).ToArray());
            d.MarkerSize = 0;
            diversity.Title("MinLSED (diversity of the K policies)");
            diversity.XLabel("step");
            diversity.YLabel("MinLSED (normalised units)");
            diversity.SavePng(Path.Combine(plots, "minlsed.png"), 640, 400);
        }

        {
            var plot = new Plot();
            var bars = outcome.Policies.Select(p => new Bar { Position = p.Index, Value = p.ModelEstimatedReturn }).ToList();
            plot.Add.Bars(bars);
            plot.Title("Model-estimated return per policy (from logged episode starts)");
            plot.XLabel("policy k");
            plot.SavePng(Path.Combine(plots, "model-return.png"), 640, 400);
        }

        var md = new StringBuilder();
        md.AppendLine(c, $"# Training report: {Path.GetFileName(Path.GetFullPath(dir))}");
        md.AppendLine();
        md.AppendLine(c, $"- transition model: {outcome.TransitionVariant}, {outcome.Models.BestValidationLoss.Length} members");
        md.AppendLine(c, $"- safety: {config.Safety.Mode.ToString().ToLowerInvariant()} (α_s = {config.Safety.AlphaSafe}), δ = {outcome.Delta:F3}");
        md.AppendLine(c, $"- policies K = {config.Search.Policies}, H = {config.Search.Horizon}, γ = {config.Search.Gamma}, α_d = {config.Search.AlphaDiversity}, steps = {config.Search.Steps}, seed = {config.Seed}, threads = {config.Threads}");
        md.AppendLine(c, $"- start windows: {(outcome.DrewEpisodeStarts ? $"{config.Search.EpisodeStartShare:P0} from the {outcome.Episodes} logged episode starts, the rest" : $"all (episode-start share {config.Search.EpisodeStartShare:P0}, {outcome.Episodes} logged episodes, {config.Search.EpisodeStartMinimum} needed)")} uniform over the logged transitions; state bounds {(outcome.Bounds.CoversRunStarts ? "widened to cover every run start" : "the quantiles alone")}");
        if (config.Guide.Enabled)
        {
            var g = config.Guide;
            var last = Math.Max(0, config.Search.Steps - 1);
            var targets = g.Targets is null ? "fitted to the logged actions" : string.Join(", ", g.Targets);
            md.AppendLine(c, $"- local guide (PAG): {g.Kind.ToString().ToLowerInvariant()} ({targets}), Φ = {g.Phi}, β {g.BetaAt(0):G4} → {g.BetaAt(last):G4} (×{g.BetaDecay} every {g.BetaEvery} steps), exported bound Φ(1−β) = {g.BoundAt(last):G4}");
            if (outcome.GuideFloor is { } floor)
            {
                var rows = floor.ReturnsBefore.Select((r, k) => $"k{k} {r:F2} → pull {floor.Shrink[k]:G2}");
                md.AppendLine(c, $"- guide floor: the guide's model-estimated return {floor.GuideReturn:F2} (pull below {floor.Threshold:F2}); policies before the floor {string.Join(", ", rows)} (1 = unchanged, 0 = the guide)");
            }
        }

        md.AppendLine(c, $"- wall time {outcome.Elapsed.TotalSeconds:F0} s{(outcome.Resumed ? " (resumed from a checkpoint)" : string.Empty)}");
        md.AppendLine();
        md.AppendLine("## Transition models");
        md.AppendLine();
        md.AppendLine("| member | validation MSE before | best validation MSE |");
        md.AppendLine("|---|---|---|");
        for (var g = 0; g < outcome.Models.BestValidationLoss.Length; g++)
        {
            md.AppendLine(c, $"| {g} | {outcome.Models.InitialValidationLoss[g]:F4} | {outcome.Models.BestValidationLoss[g]:F4} |");
        }

        md.AppendLine();
        md.AppendLine("![validation](plots/model-validation.png)");
        md.AppendLine();
        md.AppendLine("## Policies");
        md.AppendLine();
        md.AppendLine(c, $"Ranked by the rank score: mean over the members of J from every logged episode start, minus κ = {config.Search.RankingPessimism} standard deviations over the members (search.rankingPessimism).");
        md.AppendLine();
        md.AppendLine("| policy | model-estimated return (H steps from logged episode starts) | per member | rank score | safety penalty | model disagreement | package |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var p in outcome.Policies)
        {
            md.AppendLine(c, $"| {p.Index}{(p.Index == outcome.BestByModel ? " (best by model)" : string.Empty)} | {p.ModelEstimatedReturn:F2} | {string.Join(", ", p.MemberReturns.Select(r => r.ToString("F2", c)))} | {p.RankScore:F2} | {p.Penalty:F4} | {p.Disagreement:F3} | `{Path.GetFileName(p.Directory)}` |");
        }

        md.AppendLine();
        md.AppendLine(c, $"Final MinLSED: {outcome.FinalMinLsed:F3}");
        md.AppendLine();
        md.AppendLine("![return](plots/policy-return.png)");
        md.AppendLine("![loss](plots/policy-loss.png)");
        md.AppendLine("![minlsed](plots/minlsed.png)");
        md.AppendLine("![model return](plots/model-return.png)");
        md.AppendLine();
        md.AppendLine("## Rollout bound violations and ε-retrain");
        md.AppendLine();
        if (outcome.Violations is { } v)
        {
            md.AppendLine(c, $"Fraction of model-rollout steps (final policies, H = {config.Search.Horizon}, {v.Starts} starts per set) whose state lies outside the data-support bounds:");
            md.AppendLine();
            md.AppendLine("| start set | violation fraction |");
            md.AppendLine("|---|---|");
            md.AppendLine(c, $"| uniform logged windows | {v.Uniform:F4} |");
            md.AppendLine(c, $"| windows in the {v.DataAreas} data-derived retrain areas | {(v.FromAreas is { } a ? a.ToString("F4", c) : "– (no area holds a logged window)")} |");
            md.AppendLine();
        }

        if (outcome.Retrain is { } r)
        {
            var r0 = config.Retrain;
            md.AppendLine(c, $"ε-retrain on: ε₀ = {r0.Eps0}, ε_min = {r0.EpsMin}, ω = {r0.Omega}, β = {r0.Beta}, N = {r0.MaxAreas}, refresh every {r0.RefreshEvery} steps.");
            md.AppendLine(c, $"{r.Areas} areas at the end ({string.Join(", ", r.BySource.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key.ToString().ToLowerInvariant()}"))}), {r.UsableAreas} holding logged windows; {r.FromAreas} of {r.Drawn} training starts ({r.FromAreasFraction:P1}) drawn from areas.");
        }
        else
        {
            md.AppendLine("ε-retrain off (uniform start windows).");
        }

        md.AppendLine();
        if (outcome.TrustRegion is { } trust)
        {
            TrustRegionSection(md, trust, plots);
        }

        md.AppendLine("## Data-support bounds");
        md.AppendLine();
        md.AppendLine("| tag | low | high |");
        md.AppendLine("|---|---|---|");
        for (var i = 0; i < outcome.Bounds.Tags.Length; i++)
        {
            md.AppendLine(c, $"| {outcome.Bounds.Tags[i]} | {outcome.Bounds.Low[i]:G6} | {outcome.Bounds.High[i]:G6} |");
        }

        File.WriteAllText(outcome.ReportPath, md.ToString());
    }

    private static void TrustRegionSection(StringBuilder md, TrustRegion.TrustRegionOutcome trust, string plots)
    {
        var c = CultureInfo.InvariantCulture;
        var k = trust.Fixup.MaxAfter.Length;
        if (trust.History.Count > 0)
        {
            var steps = trust.History.Select(h => (double)h.Step).ToArray();
            var beta = new Plot();
            var divergence = new Plot();
            for (var p = 0; p < k; p++)
            {
                var b = beta.Add.Scatter(steps, trust.History.Select(h => h.Beta[p]).ToArray());
                b.LegendText = $"β policy {p}";
                b.MarkerSize = 0;
                var d = divergence.Add.Scatter(steps, trust.History.Select(h => h.MaxDivergence[p]).ToArray());
                d.LegendText = $"max D policy {p}";
                d.MarkerSize = 0;
            }

            beta.Title("Trust-region multiplier β_k (relative to |J|₀)");
            beta.XLabel("step");
            beta.ShowLegend();
            beta.SavePng(Path.Combine(plots, "trust-region-beta.png"), 640, 400);
            divergence.Add.HorizontalLine(trust.Epsilon).LegendText = "ε";
            divergence.Add.HorizontalLine(trust.Epsilon / trust.CBeta).LegendText = "ε / C_β";
            divergence.Title("Minibatch max D_k during the main phase");
            divergence.XLabel("step");
            divergence.ShowLegend();
            divergence.SavePng(Path.Combine(plots, "trust-region-divergence.png"), 640, 400);
        }

        md.AppendLine("## Trust region (FixPO)");
        md.AppendLine();
        md.AppendLine(c, $"D(s) = ‖π_new(s) − π_old(s)‖²/(2σ²) on normalised actions, σ = {trust.Sigma:G4}, ε_KL = {trust.Epsilon:G4}, C_β = {trust.CBeta:G4}; max over all logged windows.");
        md.AppendLine();
        md.AppendLine("| policy | predecessor | final β | max D after main phase | max D after fixup |");
        md.AppendLine("|---|---|---|---|---|");
        for (var p = 0; p < k; p++)
        {
            var beta = trust.History.Count > 0 ? trust.History[^1].Beta[p].ToString("G4", c) : "–";
            md.AppendLine(c, $"| {p} | `{trust.PredecessorIds[p] ?? "(unknown)"}` | {beta} | {trust.Fixup.MaxBefore[p]:G4} | {trust.Fixup.MaxAfter[p]:G4} |");
        }

        md.AppendLine();
        md.AppendLine(c, $"Fixup: {trust.Fixup.Steps} gradient steps in {trust.Fixup.Passes} passes = {trust.FixupPercent:F1} % of the {trust.MainSteps} main-phase steps.");
        md.AppendLine();
        if (trust.History.Count > 0)
        {
            md.AppendLine("![beta](plots/trust-region-beta.png)");
            md.AppendLine("![divergence](plots/trust-region-divergence.png)");
            md.AppendLine();
        }
    }
}
