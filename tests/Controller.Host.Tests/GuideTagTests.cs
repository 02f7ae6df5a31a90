using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Controller.Host.Tests;

/// <summary>Packages whose guide is a PLC tag: configuration, loading and the loop reading the guide tags.</summary>
public sealed class GuideTagTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-guidetag-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Guided(string name, float[] offset) =>
        TestPolicyPackages.WriteGuided(Path.Combine(root, name), offset, name, kind: "tag", bound: 0.2, clip: true);

    private static List<TagBinding> GuideTags(params string[] names) =>
        [.. names.Select(n => new TagBinding { Name = n, NodeId = $"ns=2;s=IB.Guide.{n}" })];

    /// <summary>Guide tags configured in another order than the actuators, to check the mapping onto plant order.</summary>
    private Action<ControllerOptions> TagGuided(float[] offset) => o =>
    {
        o.Tags.Guides = GuideTags("delta_shift", "delta_velocity", "delta_gain");
        o.Packages = [Guided("guided", offset)];
    };

    [Fact]
    public void The_loader_accepts_a_tag_guided_package_only_when_every_guide_tag_is_configured_and_names_each_missing_one()
    {
        var dir = Guided("g", [0f, 0f, 0f]);
        string[] observations = TestPolicyPackages.ObservationTags;
        string[] actions = TestPolicyPackages.ActionTags;
        PolicyLoader Loader(params string[] guides) => new(new PlantTagMapping(observations, actions, guides), new PolicySessionOptions { WarmUpRuns = 1 }, 30);

        using (var ensemble = Loader("delta_gain", "delta_velocity", "delta_shift", "unused").Load([dir], EnsembleRule.Champion))
        {
            Assert.True(ensemble.ReadsGuideInput);
        }

        var partly = Assert.Throws<PolicyPackageException>(() => Loader("delta_velocity", "delta_shift").Load([dir], EnsembleRule.Champion));
        Assert.Equal(
            "guide.tags[1]: guide tag 'delta_gain' (the PLC's guide action for 'delta_gain') is not mapped under Controller:Tags:Guides (configured: delta_velocity, delta_shift)",
            Assert.Single(partly.Errors));

        var none = Assert.Throws<PolicyPackageException>(() => Loader().Load([dir], EnsembleRule.Champion));
        Assert.Equal(3, none.Errors.Count);
        Assert.All(none.Errors, e => Assert.EndsWith("is not mapped under Controller:Tags:Guides (none is configured)", e, StringComparison.Ordinal));
        Assert.StartsWith("guide.tags[0]: guide tag 'delta_velocity'", none.Errors[0], StringComparison.Ordinal);

        // A package without a guide input needs no guide tags.
        using var plain = Loader().Load([TestPolicyPackages.WriteConstant(Path.Combine(root, "c"), [0f, 0f, 0f])], EnsembleRule.Champion);
        Assert.False(plain.ReadsGuideInput);
    }

    [Fact]
    public void Start_up_validation_names_a_bad_guide_tag_binding_and_a_package_whose_guide_tag_is_not_mapped()
    {
        var o = new ControllerOptions { Endpoint = "opc.tcp://127.0.0.1:4840", Packages = [Guided("g", [0f, 0f, 0f])] };
        IndustrialBenchmarkTags.ApplyDefaults(o);
        o.Tags.Guides = GuideTags("delta_velocity", "delta_gain", "delta_shift");
        Assert.Empty(ControllerOptionsValidator.Check(o));

        o.Tags.Guides[1].NodeId = " ";
        o.Tags.Guides[2].Name = "delta_velocity";
        var errors = ControllerOptionsValidator.Check(o);
        Assert.Equal(
            ["Controller:Tags:Guides:1:NodeId: is missing for tag 'delta_gain'", "Controller:Tags:Guides:2:Name: 'delta_velocity' appears twice"],
            errors);

        o.Tags.Guides.RemoveRange(1, 2);
        var missing = Assert.Single(ControllerOptionsValidator.Check(o));
        Assert.StartsWith("Controller:Packages:0: ", missing, StringComparison.Ordinal);
        Assert.Contains("guide.tags[1]: guide tag 'delta_gain'", missing, StringComparison.Ordinal);
        Assert.Contains("guide.tags[2]: guide tag 'delta_shift'", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_perturbs_the_guide_read_from_the_PLC_each_cycle_and_the_shield_is_centred_on_it()
    {
        await using var h = new LoopHarness("Shadow", configure: TagGuided([0.05f, 0f, -0.05f]));
        // Configured guide order: shift, velocity, gain.
        h.Plant.Guides[0] = 0.12;
        h.Plant.Guides[1] = 0.1;
        h.Plant.Guides[2] = -0.2;
        await h.ConnectAsync();
        await h.CyclesAsync(3);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Equal([0.1, -0.2, 0.12], h.Shield.LastGuide);

        // The PLC's controller changes its mind: the next cycle's action follows.
        h.Plant.Guides[1] = -0.15;
        await h.CyclesAsync(2);
        Assert.Equal([-0.15, -0.2, 0.12], h.Shield.LastGuide);

        var rows = await h.StoredAsync();
        Assert.Equal(5, rows.Count);
        Assert.All(rows.Take(3), r => Assert.Equal([0.15, -0.2, 0.07], r.ProposedAction.Select(a => Math.Round(a, 6))));
        Assert.All(rows.Skip(3), r => Assert.Equal([-0.1, -0.2, 0.07], r.ProposedAction.Select(a => Math.Round(a, 6))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_NaN_or_stale_guide_value_sheds_to_the_PLC_naming_the_guide_tag(bool stale)
    {
        await using var h = new LoopHarness("Shadow", configure: TagGuided([0f, 0f, 0f]));
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "trial"));
        await h.CyclesAsync(3);
        var written = h.Plant.ActuatorWrites.Count();
        Assert.Equal(3, written);

        if (stale)
        {
            h.Plant.GuideStale = true;
        }
        else
        {
            h.Plant.Guides[2] = double.NaN;
        }

        await h.CyclesAsync(3);
        Assert.Equal(ShedReason.GuideFault, h.Loop.Shed);
        Assert.Equal(written, h.Plant.ActuatorWrites.Count());
        var shed = Assert.Single(h.Audit.Entries, e => e.Kind == "shed" && e.Why.Contains("Guide", StringComparison.Ordinal));
        Assert.StartsWith(stale ? "GuideFault: guide tag 'delta_velocity' (ns=2;s=IB.Guide.delta_velocity) is stale: its value is 60 s old"
            : "GuideFault: guide tag 'delta_gain' (ns=2;s=IB.Guide.delta_gain) has a bad status or is not a finite number (NaN)", shed.Why, StringComparison.Ordinal);

        var rows = await h.StoredAsync();
        Assert.All(rows.TakeLast(3), r => Assert.True(r.Flags.HasFlag(IndustrialSafeRL.Contracts.Transitions.TransitionFlags.Shed)));
        Assert.All(rows.TakeLast(3), r => Assert.All(r.ProposedAction, a => Assert.True(double.IsNaN(a))));

        // The guide recovers; in Auto the PLC withdraws and grants its permissive again before the host resumes.
        h.Plant.GuideStale = false;
        h.Plant.Guides[2] = -0.2;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.AwaitingPermissive, h.Loop.Shed);
        h.Plant.Permissive = false;
        await h.CyclesAsync(1);
        h.Plant.Permissive = true;
        await h.CyclesAsync(2);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Equal(written + 2, h.Plant.ActuatorWrites.Count());
    }
}
