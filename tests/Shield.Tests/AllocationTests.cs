using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;
using static IndustrialSafeRL.Shield.Tests.ShieldSetups;

namespace IndustrialSafeRL.Shield.Tests;

/// <summary>The control cycle must not allocate: every unit runs, including look-ahead, guide and interventions.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Ten_thousand_decisions_allocate_nothing()
    {
        var shield = new ActionShield(AbsoluteOptions(window: 100, maxInWindow: 100),
            new Envelope.PolicyEnvelope("p", [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 1000, 1000], [5, 5, 5]),
            new IndustrialBenchmarkKinematics());
        var result = shield.CreateResult();
        var action = new double[3];
        double[] observation = Observation(), current = [50, 50, 50], guide = [50, 50, 50];
        double[][] proposals = [[52, 48, 50], [95, 5, 50], [double.NaN, 50, 50], [60, 40, 49]];
        var verdicts = new int[4];

        Run(2_000); // warm-up: JIT and first-use statics

        // Three rounds: the runtime itself (tiered JIT promoting a method mid-loop) can allocate a few bytes on this
        // thread once; a per-decision allocation would cost at least 24 bytes × 10,000 in every round.
        var rounds = new long[3];
        for (var k = 0; k < rounds.Length; k++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(10_000);
            rounds[k] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(rounds.Min() == 0 && rounds.Max() < 10_000, $"allocated bytes per 10,000 decisions: {string.Join(", ", rounds)}");
        // The loop really exercised passing, modifying and shedding decisions.
        Assert.All(new[] { ShieldVerdict.Pass, ShieldVerdict.Modified, ShieldVerdict.Shed }, v => Assert.True(verdicts[(int)v] > 0));

        void Run(int decisions)
        {
            for (var n = 0; n < decisions; n++)
            {
                var input = new ShieldInput(observation, proposals[n % proposals.Length], current) { GuideAction = guide };
                verdicts[(int)shield.Decide(input, action, result)]++;
                if (shield.IsLatched)
                {
                    shield.Reset();
                }
            }
        }
    }
}
