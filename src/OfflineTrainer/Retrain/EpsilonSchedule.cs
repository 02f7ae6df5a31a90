namespace IndustrialSafeRL.OfflineTrainer.Retrain;

/// <summary>ε_k = ε₀ − (ε₀ − ε_min)·k/(T − 1) over the T search steps (ε₀ at the first, ε_min at the last and after; a single-step search stays at ε₀).</summary>
/// <param name="Eps0">ε at step 0.</param>
/// <param name="EpsMin">ε at step T − 1.</param>
/// <param name="Steps">T, the search's steps.</param>
public sealed record EpsilonSchedule(double Eps0, double EpsMin, int Steps)
{
    /// <summary>ε at step <paramref name="step"/> (0 for negative steps, the evaluation draws).</summary>
    public double At(int step)
    {
        if (step < 0)
        {
            return 0;
        }

        var progress = Steps <= 1 ? 0.0 : Math.Min(1.0, step / (double)(Steps - 1));
        return Eps0 - ((Eps0 - EpsMin) * progress);
    }
}
