using System.Diagnostics.Metrics;
using IndustrialSafeRL.Controller.Host.Control;

namespace IndustrialSafeRL.Controller.Host.Telemetry;

/// <summary>
/// The controller's instruments on the meter <c>IndustrialSafeRL.Control</c>: cycle, inference and I/O durations
/// (histograms, seconds), shield interventions and sheds by reason, cycles, and the current mode (gauge). Recording
/// allocates nothing.
/// </summary>
public sealed class ControllerMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "IndustrialSafeRL.Control";

    private static readonly double[] Buckets = [0.00005, 0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
    private readonly Histogram<double> cycle;
    private readonly Histogram<double> inference;
    private readonly Histogram<double> io;
    private readonly Counter<long> interventions;
    private readonly Counter<long> sheds;
    private readonly Counter<long> cycles;
    private int mode;

    /// <summary>Creates the instruments from <paramref name="factory"/>.</summary>
    public ControllerMetrics(IMeterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var meter = factory.Create(MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets };
        cycle = meter.CreateHistogram("isr.control.cycle.duration", "s", "Duration of one control cycle", advice: advice);
        inference = meter.CreateHistogram("isr.control.inference.duration", "s", "Policy inference plus shield per cycle", advice: advice);
        io = meter.CreateHistogram("isr.control.io.duration", "s", "Plant read or write per call", advice: advice);
        interventions = meter.CreateCounter<long>("isr.shield.interventions", description: "Shield interventions by unit");
        sheds = meter.CreateCounter<long>("isr.control.sheds", description: "Sheds to the plant's own controller by reason");
        cycles = meter.CreateCounter<long>("isr.control.cycles", description: "Control cycles run");
        meter.CreateObservableGauge("isr.control.mode", () => Volatile.Read(ref mode), description: "Mode: 0 Off, 1 Shadow, 2 Advisory, 3 Auto");
    }

    /// <summary>Records a cycle's duration.</summary>
    public void Cycle(double seconds)
    {
        cycle.Record(seconds);
        cycles.Add(1);
    }

    /// <summary>Records inference plus shield time.</summary>
    public void Inference(double seconds) => inference.Record(seconds);

    /// <summary>Records one read or write.</summary>
    public void Io(double seconds) => io.Record(seconds);

    /// <summary>Counts one intervention of <paramref name="unit"/>.</summary>
    public void Intervention(string unit) => interventions.Add(1, new KeyValuePair<string, object?>("unit", unit));

    /// <summary>Counts one shed.</summary>
    public void Shed(ShedReason reason) => sheds.Add(1, new KeyValuePair<string, object?>("reason", ShedReasonNames.Of(reason)));

    /// <summary>Publishes the mode.</summary>
    public void Mode(ControllerMode value) => Volatile.Write(ref mode, (int)value);
}
