using System.Text.Json;

namespace IndustrialSafeRL.OpcUa.Tests.Interop;

/// <summary>node-opcua's client.js (an independent implementation) against our server, every command it has.</summary>
[Collection("interop")]
public sealed class NodeClientAgainstOurServerTests(OurServerFixture fixture) : IClassFixture<OurServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private async Task<(int Code, List<JsonElement> Events, string Output)> Client(params string[] args) =>
        await NodeProcess.RunAsync(Timeout, "client.js", ["--endpoint", fixture.Endpoint, "--timeout", "5000", .. args]);

    private static List<JsonElement> Of(List<JsonElement> events, string name) =>
        events.Where(e => e.GetProperty("event").GetString() == name).ToList();

    [Fact]
    public async Task Endpoints_lists_the_none_endpoint_with_anonymous_and_username()
    {
        var (code, events, output) = await Client("endpoints");
        Assert.True(code == 0, output);
        var endpoint = Assert.Single(Of(events, "endpoint"));
        Assert.Equal("http://opcfoundation.org/UA/SecurityPolicy#None", endpoint.GetProperty("securityPolicyUri").GetString());
        var tokens = endpoint.GetProperty("userIdentityTokens").EnumerateArray().Select(t => t.GetProperty("tokenType").GetString()).ToList();
        Assert.Equal(["Anonymous", "UserName"], tokens);
    }

    [Fact]
    public async Task Namespaces_put_the_tag_namespace_on_index_2()
    {
        var (code, events, output) = await Client("namespaces");
        Assert.True(code == 0, output);
        var value = Assert.Single(Of(events, "namespaces")).GetProperty("value");
        Assert.Equal("urn:isrl-sim:industrial-benchmark", value[2].GetString());
    }

    [Fact]
    public async Task Read_returns_values_and_server_state_and_unknown_nodes_fail()
    {
        var (code, events, output) = await Client("read", "ns=2;s=IB.Observation.setpoint", "ns=0;i=2259", "ns=2;s=Nope");
        Assert.True(code == 2, output);
        var reads = Of(events, "read");
        Assert.Equal(3, reads.Count);
        Assert.Equal(50.0, reads[0].GetProperty("value").GetDouble());
        Assert.Equal("Good", reads[0].GetProperty("status").GetString());
        Assert.Equal(0, reads[1].GetProperty("value").GetInt32());
        Assert.Contains("BadNodeIdUnknown", reads[2].GetProperty("status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_attributes_datatype_and_accesslevel()
    {
        var (code, events, output) = await Client("read", "--attribute", "AccessLevel", "ns=2;s=IB.Action.delta_gain", "ns=2;s=IB.Observation.gain");
        Assert.True(code == 0, output);
        var reads = Of(events, "read");
        Assert.Equal(3, reads[0].GetProperty("value").GetInt32());
        Assert.Equal(1, reads[1].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task Write_accepts_actions_and_refuses_observations_wrong_types_and_out_of_range()
    {
        var before = fixture.Steps;
        var (code, events, output) = await Client("write", "ns=2;s=IB.Action.delta_shift=0.25", "ns=2;s=IB.Observation.gain=3", "ns=2;s=IB.Action.delta_gain=1.5");
        Assert.True(code == 2, output);
        var writes = Of(events, "write").Select(w => w.GetProperty("status").GetString()).ToList();
        Assert.Equal("Good", writes[0]);
        Assert.Contains("BadNotWritable", writes[1], StringComparison.Ordinal);
        Assert.Contains("BadOutOfRange", writes[2], StringComparison.Ordinal);
        Assert.True(fixture.Steps > before);

        var (code2, events2, output2) = await Client("write", "--type", "Float", "ns=2;s=IB.Action.delta_shift=0.5");
        Assert.True(code2 == 2, output2);
        Assert.Contains("BadTypeMismatch", Assert.Single(Of(events2, "write")).GetProperty("status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browse_walks_objects_into_the_ib_folders()
    {
        var (code, events, output) = await Client("browse", "ns=2;s=IB", "--depth", "3");
        Assert.True(code == 0, output);
        var refs = Of(events, "ref");
        Assert.Contains(refs, r => r.GetProperty("browseName").GetString() == "2:Observations");
        Assert.Contains(refs, r => r.GetProperty("nodeId").GetString() == "ns=2;s=IB.Action.delta_velocity" && r.GetProperty("nodeClass").GetString() == "Variable");
        Assert.Contains(refs, r => r.GetProperty("browseName").GetString() == "EURange");

        var (code2, events2, output2) = await Client("browse");
        Assert.True(code2 == 0, output2);
        Assert.Contains(Of(events2, "ref"), r => r.GetProperty("browseName").GetString() == "2:IndustrialBenchmark");
    }

    [Fact]
    public async Task Translate_resolves_a_browse_path_and_reports_no_match()
    {
        var (code, events, output) = await Client("translate", "/Objects/2:IndustrialBenchmark/2:Observations/2:velocity", "/Objects/2:IndustrialBenchmark/2:Nope");
        Assert.True(code == 2, output);
        var results = Of(events, "translate");
        Assert.Equal("Good", results[0].GetProperty("status").GetString());
        Assert.Equal("ns=2;s=IB.Observation.velocity", results[0].GetProperty("targets")[0].GetProperty("targetId").GetString());
        Assert.Contains("BadNoMatch", results[1].GetProperty("status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Username_login_works_and_a_wrong_password_is_refused()
    {
        var (code, events, output) = await Client("--user", "operator", "--password", "secret", "read", "ns=2;s=IB.Observation.gain");
        Assert.True(code == 0, output);
        Assert.Equal("UserName", Assert.Single(Of(events, "session")).GetProperty("identity").GetString());

        var (code2, _, output2) = await Client("--user", "operator", "--password", "wrong", "read", "ns=2;s=IB.Observation.gain");
        Assert.True(code2 == 1, output2);
    }

    [Fact]
    public async Task Multi_chunk_requests_and_responses_with_8k_buffers()
    {
        var (code, events, output) = await Client("--buffer-size", "8192", "--repeat", "500", "read", "ns=2;s=IB.Observation.velocity", "ns=2;s=IB.Observation.gain");
        Assert.True(code == 0, output);
        var summary = Assert.Single(Of(events, "read_repeat"));
        Assert.Equal(1000, summary.GetProperty("nodes").GetInt32());
        Assert.Equal(1000, summary.GetProperty("good").GetInt32());
    }

    [Fact]
    public async Task Subscribe_reports_the_initial_value_changes_and_keepalives()
    {
        using var writer = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            var value = 0.0;
            while (!writer.IsCancellationRequested)
            {
                await Task.Delay(150);
                value += 1;
                fixture.Server.AddressSpace.SetValue(Types.NodeId.Parse("ns=2;s=IB.Observation.fatigue"), new Types.Variant(value));
            }
        });
        var (code, events, output) = await Client("subscribe", "ns=2;s=IB.Observation.fatigue", "ns=2;s=IB.Observation.setpoint", "--seconds", "3", "--interval", "100");
        await writer.CancelAsync();
        await writes;
        Assert.True(code == 0, output);
        var changes = Of(events, "change");
        Assert.Contains(changes, c => c.GetProperty("nodeId").GetString() == "ns=2;s=IB.Observation.setpoint");
        Assert.True(changes.Count(c => c.GetProperty("nodeId").GetString() == "ns=2;s=IB.Observation.fatigue") >= 5, output);
        Assert.Single(Of(events, "subscription"));
        Assert.Single(Of(events, "subscribe_done"));
    }

    [Fact]
    public async Task Bench_js_runs_every_phase_against_our_server_as_the_harness_selftest_does()
    {
        var (code, _, output) = await NodeProcess.RunAsync(Timeout, "bench.js", "--endpoint", fixture.Endpoint, "--iterations", "50", "--warmup", "10", "--pipeline", "4");
        Assert.True(code == 0, output);
        var json = output.Split('\n').First(l => l.StartsWith("{\"tool\"", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(json);
        var results = doc.RootElement.GetProperty("results");
        foreach (var phase in new[] { "read_single", "write_single", "read_batch", "write_batch", "control_cycle", "read_pipelined" })
        {
            Assert.Equal(50, results.GetProperty(phase).GetProperty("n").GetInt32());
        }
    }
}
