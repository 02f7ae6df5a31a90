using System.CommandLine;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Datasets;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl data stats</c>: size, return statistics and state(-action) coverage of a transition store.</summary>
internal static class DataStatsCommand
{
    public static Command Create()
    {
        var store = new Argument<string>("store") { Description = "The transition store (.sqlite) to summarise." };
        var runId = new Option<string?>("--run-id") { Description = "Only rows of this run." };
        var policyId = new Option<string?>("--policy-id") { Description = "Only rows of this policy (e.g. mediocre-0.2)." };
        var command = new Command("stats", "Print size, return statistics and state-action coverage of a transition store.")
        {
            store, runId, policyId,
        };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "data stats", (stdout, _) =>
        {
            var path = parseResult.GetValue(store)!;
            using var transitions = TransitionStore.Open(path, readOnly: true);
            var query = new TransitionQuery(RunId: parseResult.GetValue(runId), PolicyId: parseResult.GetValue(policyId));
            var grid = DatasetStatistics.GridFor(transitions.Layout, transitions.Read(query));
            var stats = DatasetStatistics.Compute(transitions.Read(query), transitions.Layout, grid);
            Print(stdout, transitions, stats);
            return 0;
        }));
        return command;
    }

    private static void Print(TextWriter o, TransitionStore store, DatasetStatistics s)
    {
        var bytes = new FileInfo(store.Path).Length;
        o.WriteLine($"store         {store.Path} ({bytes / 1024.0 / 1024.0:F1} MiB)");
        o.WriteLine($"layout        {store.Layout}");
        o.WriteLine($"transitions   {s.Transitions}");
        o.WriteLine($"episodes      {s.Episodes}");
        o.WriteLine($"policies      {string.Join(", ", s.Policies)}");
        if (s.Transitions == 0)
        {
            return;
        }

        o.WriteLine(FormattableString.Invariant($"reward/step   {s.MeanReward:F3} (×1/100: {s.MeanReward / 100:F4})"));
        o.WriteLine(FormattableString.Invariant(
            $"return        {s.MeanReturn:F1} ± {s.ReturnStandardDeviation:F1} (sd) per episode, min {s.MinReturn:F1}, max {s.MaxReturn:F1}"));
        o.WriteLine(FormattableString.Invariant(
            $"coverage      {s.UniqueStateCells} of {s.Grid.StateCells} state cells ({100.0 * s.UniqueStateCells / s.Grid.StateCells:F2} %), ")
            + FormattableString.Invariant(
            $"{s.UniqueStateActionCells} of {s.Grid.StateActionCells} state-action cells ({100.0 * s.UniqueStateActionCells / s.Grid.StateActionCells:F3} %)"));
        o.WriteLine($"grid          {Describe(store.Layout, s.Grid)}");
    }

    private static string Describe(StoreLayout layout, CoverageGrid grid)
    {
        var parts = new List<string>();
        for (var i = 0; i < layout.ObservationTags.Count; i++)
        {
            if (grid.ObservationBins[i] > 0)
            {
                parts.Add(FormattableString.Invariant($"{layout.ObservationTags[i]} {grid.ObservationBins[i]}×[{grid.ObservationLow[i]:G4}, {grid.ObservationHigh[i]:G4}]"));
            }
        }

        for (var i = 0; i < layout.ActionTags.Count; i++)
        {
            parts.Add(FormattableString.Invariant($"{layout.ActionTags[i]} {grid.ActionBins[i]}×[{grid.ActionLow[i]:G4}, {grid.ActionHigh[i]:G4}]"));
        }

        return string.Join("; ", parts);
    }
}
