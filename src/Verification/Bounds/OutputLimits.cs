namespace IndustrialSafeRL.Verification.Bounds;

/// <summary>Engineering limits on each network output: Low[j] ≤ y[j] ≤ High[j].</summary>
/// <param name="Names">Output names (action tags), for reports.</param>
/// <param name="Low">Lower limits.</param>
/// <param name="High">Upper limits.</param>
public sealed record OutputLimits(IReadOnlyList<string> Names, IReadOnlyList<double> Low, IReadOnlyList<double> High)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the lists disagree or a range is empty.</summary>
    public void Validate(int outputs)
    {
        if (Names.Count != outputs || Low.Count != outputs || High.Count != outputs)
        {
            throw new ArgumentException($"limits: {Names.Count} names, {Low.Count} lows, {High.Count} highs for a network with {outputs} outputs");
        }

        for (var j = 0; j < outputs; j++)
        {
            if (double.IsNaN(Low[j]) || double.IsNaN(High[j]) || Low[j] > High[j])
            {
                throw new ArgumentException($"limits[{j}] ('{Names[j]}'): [{Low[j]}, {High[j]}] is empty");
            }
        }
    }
}
