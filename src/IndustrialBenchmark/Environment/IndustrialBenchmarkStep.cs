namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>The outcome of one environment step: the new observation, the reward −(3f + c) and its two cost parts.</summary>
public readonly record struct IndustrialBenchmarkStep(
    IndustrialBenchmarkObservation Observation, double Reward, double Fatigue, double Consumption);
