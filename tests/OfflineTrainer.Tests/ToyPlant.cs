using IndustrialSafeRL.OfflineTrainer.Data;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>A small stand-in with the IB's tags and kinematics (v, g, h clipped-add) and simple lagged
/// fatigue/consumption with an interior optimum; for unit tests of the trainer, not a model of the IB.</summary>
internal static class ToyPlant
{
    public static double[] Reset() => [70, 50, 50, 50, 20, 60];

    public static double[] Step(double[] s, double[] a, Random noise)
    {
        var v = Math.Clamp(s[1] + Math.Clamp(a[0], -1, 1), 0, 100);
        var g = Math.Clamp(s[2] + (10 * Math.Clamp(a[1], -1, 1)), 0, 100);
        var h = Math.Clamp(s[3] + (5.75 * Math.Clamp(a[2], -1, 1)), 0, 100);
        var fatigueTarget = 5 + (0.004 * (v - 40) * (v - 40));
        var consumptionTarget = 20 + (0.01 * (g - 60) * (g - 60)) + (0.02 * (h - 40) * (h - 40));
        var f = s[4] + (0.3 * (fatigueTarget - s[4])) + (0.2 * (noise.NextDouble() - 0.5));
        var c = s[5] + (0.3 * (consumptionTarget - s[5])) + (0.2 * (noise.NextDouble() - 0.5));
        return [s[0], v, g, h, f, c];
    }

    public static double Reward(double[] next) => -((3 * next[4]) + next[5]) / 100;

    /// <summary>Set-point controller towards (25, 25, 25) mixed with uniform random actions at rate ε.</summary>
    public static TrainingDataset Dataset(int episodes, int steps, double epsilon, int seed)
    {
        var random = new Random(seed);
        var list = new List<TrainingEpisode>();
        for (var e = 0; e < episodes; e++)
        {
            var frames = new double[steps + 1][];
            var actions = new double[steps][];
            var rewards = new double[steps];
            frames[0] = Reset();
            for (var t = 0; t < steps; t++)
            {
                var s = frames[t];
                var a = random.NextDouble() < epsilon
                    ? new[] { (2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1 }
                    : new[] { Math.Clamp(25 - s[1], -1, 1), Math.Clamp((25 - s[2]) / 10, -1, 1), Math.Clamp((25 - s[3]) / 5.75, -1, 1) };
                actions[t] = a;
                frames[t + 1] = Step(s, a, random);
                rewards[t] = Reward(frames[t + 1]);
            }

            list.Add(new TrainingEpisode(frames, actions, rewards));
        }

        return TrainingDataset.Create(PlantLayout.IbObservationTags, PlantLayout.IbActionTags, list);
    }
}
