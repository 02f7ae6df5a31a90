using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class IterationTrainerTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public IterationTrainerTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Interrupted_run_resumes_and_ends_exactly_where_an_uninterrupted_one_does()
    {
        var data = ToyPlant.Dataset(6, 80, 0.3, 9);
        var config = TrainerFixtures.Tiny();
        var straight = IterationTrainer.Run(data, Path.Combine(_dir, "straight"), config);

        var interruptedDir = Path.Combine(_dir, "interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => IterationTrainer.Run(data, interruptedDir, config,
            progress: p =>
            {
                if (p.Stage == "policies" && p.Done == 13)
                {
                    cancel.Cancel();
                }
            }, cancellation: cancel.Token));
        Assert.True(File.Exists(Path.Combine(interruptedDir, "checkpoints", "search.bin")));
        Assert.False(Directory.Exists(Path.Combine(interruptedDir, "policy-0")));

        var firstResumedStep = -1;
        var resumed = IterationTrainer.Run(data, interruptedDir, config, progress: p =>
        {
            if (p.Stage == "policies" && firstResumedStep < 0)
            {
                firstResumedStep = p.Done;
            }
        });
        Assert.True(resumed.Resumed);
        Assert.Equal(9, firstResumedStep); // the checkpoint at step 8, then step 9 is the first one run again
        Assert.Equal(straight.Search.Select(s => s.Loss), resumed.Search.Select(s => s.Loss));
        Assert.Equal(straight.Policies.Select(p => p.ModelEstimatedReturn), resumed.Policies.Select(p => p.ModelEstimatedReturn));
        for (var k = 0; k < config.Search.Policies; k++)
        {
            // Same weights: the test vectors (same inputs by seed) give identical outputs.
            var a = PolicyManifest.Load(Path.Combine(straight.OutputDirectory, $"policy-{k}", PolicyManifest.FileName));
            var b = PolicyManifest.Load(Path.Combine(resumed.OutputDirectory, $"policy-{k}", PolicyManifest.FileName));
            Assert.Equal(a.TestVectors.SelectMany(v => v.Output), b.TestVectors.SelectMany(v => v.Output));
        }

        Assert.True(File.Exists(resumed.ReportPath));
        Assert.True(File.Exists(Path.Combine(interruptedDir, "plots", "model-validation.png")));
        var report = File.ReadAllText(resumed.ReportPath);
        Assert.Contains("best by model", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_other_settings_in_the_same_directory_is_refused()
    {
        var data = ToyPlant.Dataset(3, 50, 0.3, 10);
        var config = TrainerFixtures.Tiny() with { Search = TrainerFixtures.Tiny().Search with { Steps = 2 } };
        IterationTrainer.Run(data, _dir, config);
        var error = Assert.Throws<InvalidOperationException>(() => IterationTrainer.Run(data, _dir, config with { Seed = 99 }));
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Likelihood_safety_trains_from_a_real_store_and_writes_k_packages()
    {
        var storePath = Path.Combine(_dir, "data.sqlite");
        var data = ToyPlant.Dataset(4, 60, 0.3, 11);
        using (var store = TransitionStore.Create(storePath, StoreLayout.IndustrialBenchmark))
        {
            var rows = new List<TransitionRecord>();
            for (var e = 0; e < data.Episodes.Count; e++)
            {
                var episode = data.Episodes[e];
                for (var t = 0; t < episode.Length; t++)
                {
                    rows.Add(new TransitionRecord
                    {
                        RunId = "toy", PolicyId = "behaviour", Episode = e, Step = t, TimestampUtc = DateTimeOffset.UnixEpoch,
                        Observation = episode.Frames[t], ProposedAction = episode.Actions[t], AppliedAction = episode.Actions[t],
                        Reward = episode.Rewards[t], RewardComponents = [episode.Frames[t + 1][4], episode.Frames[t + 1][5]], NextObservation = episode.Frames[t + 1],
                        Flags = t == episode.Length - 1 ? TransitionFlags.EpisodeEnd : TransitionFlags.None,
                    });
                }
            }

            store.Append(rows);
        }

        var loaded = TransitionStoreLoader.Load(storePath);
        Assert.Equal(data.ContentHash(), loaded.ContentHash());

        var config = TrainerFixtures.Tiny(SafetyMode.Likelihood) with { Search = TrainerFixtures.Tiny().Search with { Steps = 6 } };
        var outcome = IterationTrainer.Run(storePath, Path.Combine(_dir, "run"), config);
        Assert.Equal(2, outcome.Policies.Count);
        Assert.NotNull(outcome.Delta);
        foreach (var policy in outcome.Policies)
        {
            var manifest = PolicyManifest.Load(Path.Combine(policy.Directory, PolicyManifest.FileName));
            Assert.Equal("likelihood", manifest.Training.Safety);
            Assert.Equal(data.TransitionCount, manifest.Training.DatasetRows);
            Assert.True(File.Exists(Path.Combine(policy.Directory, "policy.onnx")));
        }
    }

    [Fact]
    public void Empty_corrupt_and_missing_stores_are_refused_with_a_clear_message()
    {
        var empty = Path.Combine(_dir, "empty.sqlite");
        TransitionStore.Create(empty, StoreLayout.IndustrialBenchmark).Dispose();
        var error = Assert.Throws<InvalidDataException>(() => TransitionStoreLoader.Load(empty));
        Assert.Contains("holds no transitions", error.Message, StringComparison.Ordinal);

        var corrupt = Path.Combine(_dir, "corrupt.sqlite");
        File.WriteAllBytes(corrupt, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        error = Assert.Throws<InvalidDataException>(() => TransitionStoreLoader.Load(corrupt));
        Assert.Contains(corrupt, error.Message, StringComparison.Ordinal);

        error = Assert.Throws<InvalidDataException>(() => TransitionStoreLoader.Load(Path.Combine(_dir, "missing.sqlite")));
        Assert.Contains("no such transition store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_file_round_trips_and_unknown_fields_are_named()
    {
        var path = Path.Combine(_dir, "config.json");
        var config = TrainerFixtures.Tiny(SafetyMode.Likelihood);
        config.Save(path);
        var loaded = TrainerConfig.Load(path);
        Assert.Equal(SafetyMode.Likelihood, loaded.Safety.Mode);
        Assert.Equal(config.Search, loaded.Search);

        File.WriteAllText(path, """{ "search": { "horizn": 5 } }""");
        var error = Assert.Throws<InvalidDataException>(() => TrainerConfig.Load(path));
        Assert.Contains("horizn", error.Message, StringComparison.Ordinal);

        File.WriteAllText(path, """{ "search": { "gamma": 1.5 } }""");
        var invalid = Assert.Throws<ArgumentException>(() => TrainerConfig.Load(path));
        Assert.Contains("Gamma", invalid.Message, StringComparison.Ordinal);
    }
}
