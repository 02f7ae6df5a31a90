using IndustrialSafeRL.OpcUa.Server;

namespace IndustrialSafeRL.OpcUa.Tests.Interop;

/// <summary>Our server with the harness's IB tag file on a free loopback port, user operator/secret, toy stepping on write.</summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    public UaServer Server { get; private set; } = null!;

    public string Endpoint => Server.EndpointUrl;

    public int Steps;

    public Task InitializeAsync()
    {
        var options = new UaServerOptions { Port = 0, ApplicationUri = "urn:isrl:test-server" };
        options.Users["operator"] = "secret";
        Server = new UaServer(options);
        var tags = TagFile.Load(Path.Combine(NodeProcess.HarnessDirectory, "tags.industrial-benchmark.json"));
        var variables = tags.Populate(Server.AddressSpace);
        // One visible step per Write request that wrote an action: velocity += delta_velocity.
        Server.ValuesWritten = batch =>
        {
            Interlocked.Increment(ref Steps);
            var velocity = variables["velocity"];
            var delta = variables["delta_velocity"].Value.Value.AsDouble();
            Server.AddressSpace.SetValue(velocity.NodeId, new Types.Variant(velocity.Value.Value.AsDouble() + delta));
        };
        return Server.StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
