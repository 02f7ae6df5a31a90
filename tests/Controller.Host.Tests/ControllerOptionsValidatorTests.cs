using IndustrialSafeRL.Controller.Host.Configuration;
using Microsoft.Extensions.Configuration;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Controller.Host.Tests;

public sealed class ControllerOptionsValidatorTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-options-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private ControllerOptions Valid()
    {
        var o = new ControllerOptions
        {
            Endpoint = "opc.tcp://127.0.0.1:4840",
            Packages = [TestPolicyPackages.WriteConstant(Path.Combine(root, "p"), [0f, 0f, 0f])],
        };
        IndustrialBenchmarkTags.ApplyDefaults(o);
        return o;
    }

    private string Only(Action<ControllerOptions> edit)
    {
        var o = Valid();
        edit(o);
        return Assert.Single(ControllerOptionsValidator.Check(o));
    }

    [Fact]
    public void The_defaults_with_the_IB_tags_and_a_package_are_valid() => Assert.Empty(ControllerOptionsValidator.Check(Valid()));

    [Fact]
    public void Each_bad_option_is_named_with_its_configuration_path()
    {
        Assert.StartsWith("Controller:Endpoint: must be an opc.tcp:// URL", Only(o => o.Endpoint = "http://x"), StringComparison.Ordinal);
        Assert.Equal("Controller:Mode: unknown mode 'Manual' (Off, Shadow, Advisory or Auto)", Only(o => o.Mode = "Manual"));
        Assert.StartsWith("Controller:Mode: unknown mode '3'", Only(o => o.Mode = "3"), StringComparison.Ordinal);
        Assert.Equal("Controller:Tags:Actuators:1:Min: Min (2) > Max (1) for 'delta_gain'", Only(o => o.Tags.Actuators[1].Min = 2));
        Assert.Equal("Controller:Tags:Observations:3:NodeId: is missing for tag 'shift'", Only(o => o.Tags.Observations[3].NodeId = ""));
        Assert.StartsWith("Controller:Resilience:IoTimeout: must be at least 00:00:00.010 and shorter than CycleTime", Only(o => o.Resilience.IoTimeout = o.CycleTime), StringComparison.Ordinal);
        Assert.StartsWith("Controller:HealthUrl: must be an http:// URL on a loopback address", Only(o => o.HealthUrl = "http://0.0.0.0:8087"), StringComparison.Ordinal);
        Assert.Equal("Controller:Handshake:PermissiveNodeId: is missing (the handshake is required)", Only(o => o.Handshake.PermissiveNodeId = " "));
        Assert.Equal("Controller:Reward:0:Tag: 'power' is not an observation tag", Only(o => o.Reward[0].Tag = "power"));
        Assert.Equal("Controller:Ensemble: unknown rule 'vote' (Champion, Mean or Median)", Only(o => o.Ensemble = "vote"));
        Assert.StartsWith("Controller:Security: 'Basic256Sha256' is not supported", Only(o => o.Security = "Basic256Sha256"), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_gate_options_are_named_under_Controller_Gate_and_bind_from_configuration()
    {
        Assert.Equal("Controller:Gate:MinProvedFraction: must be between 0 and 1 (or absent), is 1.5", Only(o => o.Gate.MinProvedFraction = 1.5));
        Assert.Equal("Controller:Gate:RecentStates: must be at least 1, is 0", Only(o => o.Gate.RecentStates = 0));
        Assert.Equal("Controller:Gate:MaxDepth: must be between 0 and 1000, is -1", Only(o => o.Gate.MaxDepth = -1));
        Assert.Equal("Controller:Gate:MaxBoxes: must be at least 1, is 0", Only(o => o.Gate.MaxBoxes = 0));
        Assert.Equal("Controller:Gate:Sigma: must be positive, is 0", Only(o => o.Gate.Sigma = 0));

        var defaults = new PackageGateOptions();
        Assert.True(defaults.Enabled);
        Assert.Null(defaults.MinProvedFraction);
        Assert.False(defaults.ToGateOptions(null, null).RequireProof);
        var bound = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gate:Enabled"] = "false",
            ["Gate:MinProvedFraction"] = "1",
            ["Gate:RecentStates"] = "500",
            ["Gate:MaxDepth"] = "12",
            ["Gate:Frames"] = "Same",
            ["Gate:Sigma"] = "0.2",
            ["Gate:Epsilon"] = "0.5",
        }).Build().GetSection("Gate").Get<PackageGateOptions>()!;
        Assert.False(bound.Enabled);
        var gate = bound.ToGateOptions("/running", "/store.sqlite");
        Assert.Equal(("/running", "/store.sqlite", 500, 12, true), (gate.AgainstPackage, gate.StorePath, gate.RecentStates, gate.MaxDepth, gate.RequireProof));
        Assert.Equal(IndustrialSafeRL.Verification.Gate.FrameMode.Same, gate.Frames);
        Assert.Equal((0.2, 0.5), (gate.Sigma, gate.Epsilon));
    }

    [Fact]
    public void A_missing_tag_or_an_unreadable_package_names_the_package_and_the_field()
    {
        var missing = Only(o => o.Tags.Observations.RemoveAt(3));
        Assert.StartsWith("Controller:Packages:0: ", missing, StringComparison.Ordinal);
        Assert.Contains("observation.tags[3]: 'shift' is not in the configured tag mapping", missing, StringComparison.Ordinal);

        var absent = Only(o => o.Packages = [Path.Combine(root, "nowhere")]);
        Assert.Contains("directory: does not exist", absent, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(root, "broken"));
        File.WriteAllText(Path.Combine(root, "broken", "policy.json"), "{ not json");
        Assert.Contains("policy.json: not valid JSON", Only(o => o.Packages = [Path.Combine(root, "broken")]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_production_configuration_binds_and_fails_only_on_the_absent_package()
    {
        var path = Path.Combine(IndustrialSafeRL.TestSupport.RepositoryPaths.Root, "deploy", "config", "appsettings.Production.example.json");
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonFile(path).Build();
        var options = new ControllerOptions();
        configuration.GetSection(ControllerOptions.Section).Bind(options);
        Assert.Equal(6, options.Tags.Observations.Count);
        Assert.Equal(3, options.Tags.Actuators.Count);
        Assert.Equal(["ns=2;s=IB.Guide.delta_velocity", "ns=2;s=IB.Guide.delta_gain", "ns=2;s=IB.Guide.delta_shift"], options.Tags.Guides.Select(g => g.NodeId));
        Assert.True(options.Gate.Enabled);
        Assert.Equal((null, null, null, 2000, 1e-5), (options.Gate.MinProvedFraction, options.Gate.Sigma, options.Gate.Epsilon, options.Gate.RecentStates, options.Gate.TestVectorTolerance));
        var error = Assert.Single(ControllerOptionsValidator.Check(options));
        Assert.StartsWith("Controller:Packages:0: ", error, StringComparison.Ordinal);
        Assert.Contains("directory: does not exist", error, StringComparison.Ordinal);

        var shield = new IndustrialSafeRL.Shield.Configuration.ShieldOptions();
        configuration.GetSection("Shield").Bind(shield);
        Assert.Empty(shield.Validate());
    }
}
