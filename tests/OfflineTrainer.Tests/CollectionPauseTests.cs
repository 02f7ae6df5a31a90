using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.Torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>No garbage collection runs while the pause is held, so no TorchSharp Scalar is finalized under a native
/// call; the trainer's steps hold it.</summary>
public sealed class CollectionPauseTests
{
    public CollectionPauseTests() => TorchSetup.Ensure();

    private static volatile object? _sink;

    // Garbage from two threads, well inside the budget but far past any generation-0 budget.
    private static void AllocateGarbage(long bytes)
    {
        void Run()
        {
            for (long done = 0; done < bytes / 2; done += 16 * 1024)
            {
                _sink = new byte[16 * 1024];
            }
        }

        var other = new Thread(Run);
        other.Start();
        Run();
        other.Join();
    }

    [Fact]
    public void No_collection_runs_while_held_and_the_region_closes_with_the_last_holder()
    {
        Assert.False(CollectionPause.Held);
        var outer = CollectionPause.Hold();
        var inner = CollectionPause.Hold();
        try
        {
            var held = GC.CollectionCount(0);
            AllocateGarbage(CollectionPause.Budget / 4);
            Assert.Equal(held, GC.CollectionCount(0));
            Assert.True(CollectionPause.Active);

            inner.Dispose();
            inner.Dispose(); // a second dispose releases nothing
            Assert.True(CollectionPause.Held);
            Assert.True(CollectionPause.Active);
        }
        finally
        {
            inner.Dispose();
            outer.Dispose();
        }

        Assert.False(CollectionPause.Held);
        Assert.False(CollectionPause.Active);

        // Without the pause garbage is collected (twice the budget: the closed region may leave a large allocation budget).
        var collections = GC.CollectionCount(0);
        AllocateGarbage(CollectionPause.Budget * 2);
        Assert.True(GC.CollectionCount(0) > collections);
    }

    [Fact]
    public void Renew_reopens_the_region_after_half_the_budget_only_for_a_sole_holder()
    {
        using (CollectionPause.Hold())
        {
            var opened = CollectionPause.RegionsOpened;
            CollectionPause.Renew();
            Assert.Equal(opened, CollectionPause.RegionsOpened); // nothing allocated yet

            AllocateGarbage((CollectionPause.Budget / 2) + (1024 * 1024));
            using (CollectionPause.Hold())
            {
                CollectionPause.Renew();
                Assert.Equal(opened, CollectionPause.RegionsOpened); // a second holder may be inside a tensor call
            }

            CollectionPause.Renew();
            Assert.Equal(opened + 1, CollectionPause.RegionsOpened);
            Assert.True(CollectionPause.Active);
            var collections = GC.CollectionCount(0);
            AllocateGarbage(CollectionPause.Budget / 4);
            Assert.Equal(collections, GC.CollectionCount(0));
        }

        Assert.False(CollectionPause.Active);
    }

    [Fact]
    public void Renew_without_a_holder_does_nothing()
    {
        var opened = CollectionPause.RegionsOpened;
        CollectionPause.Renew();
        Assert.Equal(opened, CollectionPause.RegionsOpened);
        Assert.False(CollectionPause.Active);
    }

    [Fact]
    public void A_policy_search_step_holds_the_pause_and_a_training_run_holds_it_throughout()
    {
        using var toy = new ToySearchSetup(16);
        using var policies = new PolicySet(toy.Layout, 2, [8, 8], 9);
        using var search = new PolicySearch(policies, toy.Ensemble, toy.Windows, toy.Safety,
            new PolicySearchConfig { Policies = 2, Horizon = 4, StartWindows = 4, Steps = 2 }, 12);

        var opened = CollectionPause.RegionsOpened;
        search.TrainStep(1.0);
        Assert.Equal(opened + 1, CollectionPause.RegionsOpened); // its own region
        using (CollectionPause.Hold())
        {
            search.TrainStep(1.0);
        }

        Assert.Equal(opened + 2, CollectionPause.RegionsOpened); // the outer hold's region, none of its own
        Assert.False(CollectionPause.Held);

        var heldInProgress = new List<bool>();
        var outDir = TrainerFixtures.TempDir();
        try
        {
            IterationTrainer.Run(toy.Data, outDir, TrainerFixtures.Tiny(), progress: _ => heldInProgress.Add(CollectionPause.Held));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }

        Assert.NotEmpty(heldInProgress);
        Assert.All(heldInProgress, Assert.True);
        Assert.False(CollectionPause.Held);
    }
}
