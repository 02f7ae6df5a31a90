using System.Globalization;

namespace IndustrialSafeRL.OpcUa.Bench;

/// <summary>Nearest-rank percentiles over per-iteration samples, the same summary bench.js prints.</summary>
internal sealed record LatencyStats(int N, double MinMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs, double OpsPerS, double AllocBytesPerOp)
{
    public static LatencyStats From(double[] samplesMs, double wallMs, long allocatedBytes)
    {
        var s = samplesMs.Order().ToArray();
        double P(double p) => s[Math.Max(0, (int)Math.Ceiling(p / 100 * s.Length) - 1)];
        return new LatencyStats(s.Length, s[0], P(50), P(90), P(99), s[^1], s.Average(), s.Length / wallMs * 1000, (double)allocatedBytes / s.Length);
    }

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"n\":{N},\"min_ms\":{MinMs:F3},\"p50_ms\":{P50Ms:F3},\"p90_ms\":{P90Ms:F3},\"p99_ms\":{P99Ms:F3},\"max_ms\":{MaxMs:F3},\"mean_ms\":{MeanMs:F3},\"ops_per_s\":{OpsPerS:F1},\"alloc_bytes_per_op\":{AllocBytesPerOp:F0}}}");
}
