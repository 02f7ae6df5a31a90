using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Policy.Runtime.Tests;

public sealed class PolicyEnsembleTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-ensemble-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private PolicyEnsemble Constants(EnsembleRule rule, params float[][] actions) =>
        new([.. actions.Select((a, k) => PolicySession.Open(PolicyPackage.Load(
            TestPolicyPackages.WriteConstant(Path.Combine(root, $"{rule}-{k}"), a, $"c{k}"), PlantTagMapping.IndustrialBenchmark)))], rule);

    private static double[] Run(PolicyEnsemble ensemble)
    {
        var history = new ObservationHistory(ensemble.HistoryLength, 6);
        history.Push([50, 50, 50, 50, 0, 0]);
        var action = new double[3];
        ensemble.Infer(history, [], action);
        return action;
    }

    [Fact]
    public void Champion_applies_the_first_policy_and_keeps_every_challengers_action()
    {
        using var ensemble = Constants(EnsembleRule.Champion, [0.1f, 0.2f, 0.3f], [-0.5f, 0.5f, 0f]);
        var action = Run(ensemble);
        Assert.Equal([0.1, 0.2, 0.3], action.Select(a => Math.Round(a, 6)));
        Assert.Equal([-0.5, 0.5, 0], ensemble.MemberAction(1).ToArray().Select(a => Math.Round(a, 6)));
    }

    [Fact]
    public void Mean_and_median_combine_component_wise()
    {
        float[][] members = [[0.1f, 0.9f, -0.3f], [0.2f, -0.9f, 0.6f], [0.9f, 0.0f, 0.0f]];
        using var mean = Constants(EnsembleRule.Mean, members);
        using var median = Constants(EnsembleRule.Median, members);
        var m = Run(mean);
        Assert.Equal(0.4, m[0], 1e-6);
        Assert.Equal(0.0, m[1], 1e-6);
        Assert.Equal(0.1, m[2], 1e-6);
        var d = Run(median);
        Assert.Equal(0.2, d[0], 1e-6);
        Assert.Equal(0.0, d[1], 1e-6);
        Assert.Equal(0.0, d[2], 1e-6);
    }

    [Fact]
    public void An_even_median_averages_the_middle_pair()
    {
        using var median = Constants(EnsembleRule.Median, [0f, 0f, 0f], [1f, 1f, 1f], [0.5f, -1f, 0.25f], [0.2f, 0.4f, 0.5f]);
        var d = Run(median);
        Assert.Equal(0.35, d[0], 1e-6);
        Assert.Equal(0.2, d[1], 1e-6);
        Assert.Equal(0.375, d[2], 1e-6);
    }

    [Fact]
    public void A_tag_guided_champion_perturbs_the_plant_guide_and_exposes_it_as_the_shield_centre()
    {
        var plant = new PlantTagMapping(TestPolicyPackages.ObservationTags, ["delta_shift", "delta_velocity", "delta_gain"]);
        using var ensemble = new PolicyEnsemble(
            [
                PolicySession.Open(PolicyPackage.Load(TestPolicyPackages.WriteGuided(Path.Combine(root, "g"), [0.1f, 0f, -0.1f], "g", kind: "tag"), plant)),
                PolicySession.Open(PolicyPackage.Load(TestPolicyPackages.WriteConstant(Path.Combine(root, "c"), [0.5f, 0.5f, 0.5f], "c"), plant)),
            ], EnsembleRule.Champion);
        Assert.True(ensemble.ReadsGuideInput);
        var history = new ObservationHistory(ensemble.HistoryLength, 6);
        history.Push([50, 50, 50, 50, 0, 0]);
        var action = new double[3];
        // Plant order: shift, velocity, gain.
        ensemble.Infer(history, [0.3, 0.5, -0.2], action);
        Assert.Equal([0.3, 0.5, -0.2], ensemble.Guide.ToArray());
        Assert.Equal([0.2, 0.6, -0.2], action.Select(a => Math.Round(a, 6)));
        ensemble.Infer(history, [-0.4, 0, 0.7], action);
        Assert.Equal([-0.4, 0, 0.7], ensemble.Guide.ToArray());
        Assert.Equal([-0.5, 0.1, 0.7], action.Select(a => Math.Round(a, 6)));

        var e = Assert.Throws<ArgumentException>(() => ensemble.Infer(history, [], action));
        Assert.StartsWith("guidePlant: the policy reads a guide input and needs 3 values, got 0", e.Message, StringComparison.Ordinal);
    }
}
