namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>The outcome of one step of the 2D task: the new position, the reward and whether the episode is over.</summary>
public readonly record struct TwoDimensionalStep(double X, double Y, double Reward, bool Done);
