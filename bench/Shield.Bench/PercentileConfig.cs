using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace IndustrialSafeRL.Shield.Bench;

/// <summary>Adds p50/p95 columns of the per-iteration means (per-call percentiles: the latency mode).</summary>
internal sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
