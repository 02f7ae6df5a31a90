namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>
/// The plant as the control loop sees it: connect once, then per cycle read one snapshot and write one set of outputs.
/// The OPC UA client is the real implementation; tests use a hand-written fake. Implementations resolve their tag
/// set at connect time and reuse buffers, so a cycle allocates nothing. A lost link throws
/// <see cref="PlantConnectionException"/> and leaves <see cref="IsConnected"/> false until the next successful connect.
/// </summary>
public interface IPlantConnection : IAsyncDisposable
{
    /// <summary>True while the link is up.</summary>
    bool IsConnected { get; }

    /// <summary>Connects (or reconnects) and resolves the tag set; throws on failure. The caller retries with backoff.</summary>
    ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Reads observations, current actuator values and (when used) the handshake tags into <paramref name="snapshot"/>.</summary>
    ValueTask ReadAsync(PlantSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Writes what <paramref name="outputs"/> marks for writing (actuators, advisory values, heartbeat) in one request.</summary>
    ValueTask WriteAsync(PlantOutputs outputs, CancellationToken cancellationToken);
}
