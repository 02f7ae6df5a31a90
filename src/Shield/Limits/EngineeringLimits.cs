using IndustrialSafeRL.Shield.Configuration;

namespace IndustrialSafeRL.Shield.Limits;

/// <summary>The fixed per-action engineering limits, flattened from validated options for the hot path.</summary>
internal sealed class EngineeringLimits
{
    public EngineeringLimits(IReadOnlyList<ActuatorLimits> actuators)
    {
        var n = actuators.Count;
        Tags = new string[n];
        Min = new double[n];
        Max = new double[n];
        MaxMove = new double[n];
        IsIncrement = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var a = actuators[i];
            Tags[i] = a.Tag;
            Min[i] = a.Min;
            Max[i] = a.Max;
            MaxMove[i] = a.MaxMovePerCycle;
            IsIncrement[i] = a.IsIncrement;
        }
    }

    public int Count => Min.Length;

    public string[] Tags { get; }

    public double[] Min { get; }

    public double[] Max { get; }

    public double[] MaxMove { get; }

    public bool[] IsIncrement { get; }
}
