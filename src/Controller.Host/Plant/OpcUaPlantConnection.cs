using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>
/// The plant over OPC UA with the project's client. At connect it resolves one read set (observations, actuators,
/// with the handshake permissive and life bit, then the guide tags) and the write sets a cycle can need (actuators, advisory values, each
/// with or without the heartbeat), so every cycle is one Read and at most one Write request over prebuilt requests.
/// Reconnecting is the caller's job (<see cref="PlantLink"/> retries with backoff); the client's own reconnect is off.
/// </summary>
public sealed class OpcUaPlantConnection(ControllerOptions options) : IPlantConnection
{
    private readonly int observations = options.Tags.Observations.Count;
    private readonly int actuators = options.Tags.Actuators.Count;
    private readonly int guides = options.Tags.Guides.Count;
    private readonly bool handshake = options.Handshake.Required;
    private readonly int[] advisoryIndex = [.. options.Tags.Actuators.Select((a, i) => (a, i)).Where(x => !string.IsNullOrWhiteSpace(x.a.AdvisoryNodeId)).Select(x => x.i)];
    private UaClient? client;
    private TagSet? read;
    private DataValue[] values = [];
    private WriteSet? actuatorsOnly;
    private WriteSet? actuatorsAndBeat;
    private WriteSet? advisoryOnly;
    private WriteSet? advisoryAndBeat;
    private WriteSet? beatOnly;

    /// <inheritdoc />
    public bool IsConnected => client?.IsConnected == true;

    /// <inheritdoc />
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        await CloseAsync().ConfigureAwait(false);
        var next = new UaClient(new UaClientOptions
        {
            EndpointUrl = options.Endpoint,
            SessionName = "isrl-controller",
            RequestTimeout = options.Resilience.ConnectTimeout,
            Reconnect = false,
        });
        try
        {
            await next.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var readIds = options.Tags.Observations.Select(t => t.NodeId).Concat(options.Tags.Actuators.Select(a => a.NodeId)).ToList();
            if (handshake)
            {
                readIds.Add(options.Handshake.PermissiveNodeId);
                readIds.Add(options.Handshake.LifeBitNodeId);
            }

            readIds.AddRange(options.Tags.Guides.Select(g => g.NodeId));

            read = await next.CreateTagSetAsync(readIds, cancellationToken).ConfigureAwait(false);
            values = new DataValue[read.Count];
            var actuatorIds = options.Tags.Actuators.Select(a => a.NodeId).ToArray();
            var advisoryIds = advisoryIndex.Select(i => options.Tags.Actuators[i].AdvisoryNodeId).ToArray();
            string[] beat = handshake ? [options.Handshake.HeartbeatNodeId] : [];
            actuatorsOnly = await WriteSet.CreateAsync(next, actuatorIds, cancellationToken).ConfigureAwait(false);
            actuatorsAndBeat = handshake ? await WriteSet.CreateAsync(next, [.. actuatorIds, .. beat], cancellationToken).ConfigureAwait(false) : null;
            advisoryOnly = advisoryIds.Length > 0 ? await WriteSet.CreateAsync(next, advisoryIds, cancellationToken).ConfigureAwait(false) : null;
            advisoryAndBeat = advisoryIds.Length > 0 && handshake ? await WriteSet.CreateAsync(next, [.. advisoryIds, .. beat], cancellationToken).ConfigureAwait(false) : null;
            beatOnly = handshake ? await WriteSet.CreateAsync(next, beat, cancellationToken).ConfigureAwait(false) : null;
            client = next;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await next.DisposeAsync().ConfigureAwait(false);
            throw new PlantConnectionException($"{options.Endpoint}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask ReadAsync(PlantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var c = client is { IsConnected: true } connected ? connected : throw new PlantConnectionException($"{options.Endpoint}: not connected");
        try
        {
            await c.ReadAsync(read!, values, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !c.IsConnected)
        {
            throw new PlantConnectionException($"{options.Endpoint}: {e.Message}", e);
        }

        var good = true;
        var oldest = DateTime.MaxValue;
        for (var i = 0; i < observations; i++)
        {
            snapshot.Observations[i] = Number(values[i], ref good);
            var stamp = values[i].SourceTimestamp;
            // A value without a source timestamp is judged by its status alone.
            if (stamp != default && stamp < oldest)
            {
                oldest = stamp;
            }
        }

        for (var i = 0; i < actuators; i++)
        {
            snapshot.Actuators[i] = Number(values[observations + i], ref good);
        }

        snapshot.OldestSourceTimestamp = oldest == DateTime.MaxValue
            ? DateTimeOffset.UtcNow
            : new DateTimeOffset(DateTime.SpecifyKind(oldest, DateTimeKind.Utc));
        if (handshake)
        {
            var handshakeGood = true;
            snapshot.Permissive = Number(values[observations + actuators], ref handshakeGood) != 0 && handshakeGood;
            snapshot.LifeBit = (long)Number(values[observations + actuators + 1], ref handshakeGood);
        }

        var first = observations + actuators + (handshake ? 2 : 0);
        for (var i = 0; i < guides; i++)
        {
            // A bad guide value reads as NaN; the loop sheds only when the active policy reads that tag.
            var guideGood = true;
            var value = Number(values[first + i], ref guideGood);
            snapshot.Guides[i] = guideGood ? value : double.NaN;
            var stamp = values[first + i].SourceTimestamp;
            snapshot.GuideSourceTimestamps[i] = stamp == default
                ? DateTimeOffset.UtcNow
                : new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc));
        }

        snapshot.AllGood = good;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(PlantOutputs outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var c = client is { IsConnected: true } connected ? connected : throw new PlantConnectionException($"{options.Endpoint}: not connected");
        WriteSet? set;
        if (outputs.WriteActuators)
        {
            set = outputs.WriteHeartbeat ? actuatorsAndBeat : actuatorsOnly;
            outputs.Actuators.AsSpan().CopyTo(set!.Values);
        }
        else if (outputs.WriteAdvisory && advisoryOnly is not null)
        {
            set = outputs.WriteHeartbeat ? advisoryAndBeat : advisoryOnly;
            for (var k = 0; k < advisoryIndex.Length; k++)
            {
                set!.Values[k] = outputs.Advisory[advisoryIndex[k]];
            }
        }
        else
        {
            set = outputs.WriteHeartbeat ? beatOnly : null;
        }

        if (set is null)
        {
            return;
        }

        if (outputs.WriteHeartbeat)
        {
            // The heartbeat tag may be a 32-bit integer: wrap instead of overflowing.
            set.Values[^1] = outputs.Heartbeat % int.MaxValue;
        }

        bool allGood;
        try
        {
            allGood = await c.WriteAsync(set.Tags, set.Values, set.Results, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !c.IsConnected)
        {
            throw new PlantConnectionException($"{options.Endpoint}: {e.Message}", e);
        }

        if (!allGood)
        {
            throw new IOException($"{options.Endpoint}: write refused: {set.Describe()}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private static double Number(in DataValue value, ref bool good)
    {
        if (!StatusCodes.IsGood(value.StatusCode) || !value.Value.TryGetDouble(out var v))
        {
            good = false;
            return double.NaN;
        }

        return v;
    }

    private async Task CloseAsync()
    {
        var old = Interlocked.Exchange(ref client, null);
        if (old is not null)
        {
            try
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UaStatusException or ObjectDisposedException)
            {
                // The old link is gone either way.
            }
        }
    }

    /// <summary>A resolved tag set with its value and result buffers.</summary>
    private sealed class WriteSet(TagSet tags)
    {
        public TagSet Tags { get; } = tags;

        public double[] Values { get; } = new double[tags.Count];

        public uint[] Results { get; } = new uint[tags.Count];

        public static async Task<WriteSet> CreateAsync(UaClient client, IEnumerable<string> nodeIds, CancellationToken ct) =>
            new(await client.CreateTagSetAsync(nodeIds, ct).ConfigureAwait(false));

        public string Describe() => string.Join(", ", Tags.NodeIds.Select((n, i) => $"{n}={StatusCodes.Name(Results[i])}"));
    }
}
