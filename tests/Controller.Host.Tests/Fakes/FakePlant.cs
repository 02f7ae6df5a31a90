using IndustrialSafeRL.Controller.Host.Plant;
using Microsoft.Extensions.Time.Testing;

namespace IndustrialSafeRL.Controller.Host.Tests.Fakes;

/// <summary>A scripted plant: values set by the test, a PLC life bit that ticks on every read unless frozen, writes recorded.</summary>
internal sealed class FakePlant(FakeTimeProvider time, int observations = 6, int actuators = 3) : IPlantConnection
{
    public sealed record Write(double[]? Actuators, double[]? Advisory, long? Heartbeat);

    public double[] Observations { get; } = [70, 50, 50, 50, 10, 20];
    public double[] Actuators { get; } = new double[actuators];
    public bool Permissive { get; set; } = true;
    public bool LifeBitFrozen { get; set; }
    public bool Stale { get; set; }
    public bool BadStatus { get; set; }
    /// <summary>Guide tag values (configured guide order) the PLC's own controller publishes.</summary>
    public double[] Guides { get; } = [0.1, -0.2, 0.3];
    public bool GuideStale { get; set; }
    public int ConnectFailures { get; set; }
    public int ConnectCalls { get; private set; }
    public int ReadFailures { get; set; }
    public bool ReadHangs { get; set; }
    public TimeSpan ReadTakes { get; set; }
    public List<Write> Writes { get; } = [];
    public bool RecordWrites { get; set; } = true;
    public long LifeBit { get; private set; }
    public bool IsConnected { get; private set; }

    public IEnumerable<Write> ActuatorWrites => Writes.Where(w => w.Actuators is not null);

    public void Drop() => IsConnected = false;

    public ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        ConnectCalls++;
        if (ConnectFailures > 0)
        {
            ConnectFailures--;
            throw new PlantConnectionException("connection refused");
        }

        IsConnected = true;
        return ValueTask.CompletedTask;
    }

    public async ValueTask ReadAsync(PlantSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            throw new PlantConnectionException("socket closed");
        }

        if (ReadHangs)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        if (ReadFailures > 0)
        {
            ReadFailures--;
            throw new IOException("bad response");
        }

        if (ReadTakes > TimeSpan.Zero)
        {
            time.Advance(ReadTakes);
        }

        if (snapshot.Observations.Length != observations)
        {
            throw new InvalidOperationException("snapshot size");
        }
        Observations.CopyTo(snapshot.Observations, 0);
        Actuators.CopyTo(snapshot.Actuators, 0);
        snapshot.AllGood = !BadStatus;
        snapshot.OldestSourceTimestamp = Stale ? time.GetUtcNow() - TimeSpan.FromMinutes(1) : time.GetUtcNow();
        Guides.AsSpan(0, snapshot.Guides.Length).CopyTo(snapshot.Guides);
        snapshot.GuideSourceTimestamps.AsSpan().Fill(GuideStale ? time.GetUtcNow() - TimeSpan.FromMinutes(1) : time.GetUtcNow());
        snapshot.Permissive = Permissive;
        if (!LifeBitFrozen)
        {
            LifeBit++;
        }

        snapshot.LifeBit = LifeBit;
    }

    public bool WriteHangs { get; set; }

    public async ValueTask WriteAsync(PlantOutputs outputs, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            throw new PlantConnectionException("socket closed");
        }

        if (WriteHangs)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }

        if (RecordWrites)
        {
            Writes.Add(new Write(
            outputs.WriteActuators ? [.. outputs.Actuators] : null,
            outputs.WriteAdvisory ? [.. outputs.Advisory] : null,
            outputs.WriteHeartbeat ? outputs.Heartbeat : null));
        }

        if (outputs.WriteActuators)
        {
            outputs.Actuators.CopyTo(Actuators, 0);
        }
    }

    public ValueTask DisposeAsync()
    {
        IsConnected = false;
        return ValueTask.CompletedTask;
    }
}
