using System.Net;
using System.Net.Sockets;

namespace IndustrialSafeRL.OpcUa.Tests.Interop;

/// <summary>node-opcua's server.js on a free loopback port, started and awaited until READY.</summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private NodeServer(NodeProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public NodeProcess Process { get; }

    public int Port { get; }

    public string Endpoint => $"opc.tcp://127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<NodeServer> StartAsync(int? port = null, params string[] extra)
    {
        var p = port ?? FreePort();
        var process = NodeProcess.Start("server.js", ["--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", "operator", "--password", "secret", .. extra]);
        try
        {
            await Task.Run(() => process.WaitForLine(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(90)));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new NodeServer(process, p);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

/// <summary>One server.js with --simulate shared by the client tests.</summary>
public sealed class NodeServerFixture : IAsyncLifetime
{
    internal NodeServer Server { get; private set; } = null!;

    public string Endpoint => Server.Endpoint;

    public async Task InitializeAsync() => Server = await NodeServer.StartAsync(null, "--simulate");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
