using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Limits;
using Microsoft.Extensions.Time.Testing;
using static IndustrialSafeRL.Shield.Tests.ShieldSetups;

namespace IndustrialSafeRL.Shield.Tests;

public sealed class OperatorLimitsTests
{
    [Fact]
    public void A_change_is_audited_with_who_when_old_new_and_why()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var shield = new ActionShield(AbsoluteOptions(), WideEnvelope(), timeProvider: clock);
        var before = shield.OperatorLimits;
        Assert.Equal([10.0, 10, 10], before.Min);
        Assert.Equal(1, shield.OperatorLimitsVersion);

        clock.Advance(TimeSpan.FromMinutes(5));
        var next = new OperatorLimits([20, 10, 10], [80, 90, 90]);
        var entry = shield.SetOperatorLimits(next, "operator.anna", "night shift: keep velocity off the edges");

        Assert.Equal(new OperatorLimitsAuditEntry(2, clock.GetUtcNow(), "operator.anna",
            "night shift: keep velocity off the edges", before, next), entry);
        Assert.Equal([entry], shield.AuditTrail);
        Assert.Equal(next, shield.OperatorLimits);

        var (_, action, result) = Decide(shield, Observation(), [85, 50, 50], [80, 50, 50]);
        Assert.Equal(80, action[0]);
        Assert.Equal(2, result.OperatorLimitsVersion);
        Assert.Equal([ShieldReasonCode.AboveOperatorMax], Codes(result));
    }

    [Theory]
    [InlineData(-1, 90, "operator limits: velocity: Min (-1) < engineering Min (0)")]
    [InlineData(10, 101, "operator limits: velocity: Max (101) > engineering Max (100)")]
    [InlineData(60, 40, "operator limits: velocity: Min (60) > Max (40)")]
    [InlineData(double.NaN, 40, "operator limits: velocity: Min (NaN) and Max (40) must be finite")]
    public void Limits_outside_the_engineering_limits_are_refused_and_nothing_changes(double min, double max, string message)
    {
        var shield = Absolute();
        var ex = Assert.Throws<ArgumentException>(() =>
            shield.SetOperatorLimits(new OperatorLimits([min, 10, 10], [max, 90, 90]), "op", "test"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Empty(shield.AuditTrail);
        Assert.Equal(1, shield.OperatorLimitsVersion);
        Assert.Equal([10.0, 10, 10], shield.OperatorLimits.Min);
    }

    [Fact]
    public void User_and_reason_are_required()
    {
        var shield = Absolute();
        var limits = new OperatorLimits([10, 10, 10], [90, 90, 90]);
        Assert.Throws<ArgumentException>(() => shield.SetOperatorLimits(limits, " ", "why"));
        Assert.Throws<ArgumentException>(() => shield.SetOperatorLimits(limits, "who", ""));
        var ex = Assert.Throws<ArgumentException>(() => shield.SetOperatorLimits(new OperatorLimits([10], [90]), "who", "why"));
        Assert.Contains("have 1 actuators, the shield has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_concurrent_decision_sees_the_old_or_the_new_limits_never_a_mix()
    {
        var shield = Absolute();
        var narrow = new OperatorLimits([10, 10, 10], [60, 60, 60]);
        var wide = new OperatorLimits([10, 10, 10], [90, 90, 90]);
        var action = new double[3];
        var result = shield.CreateResult();
        double[] observation = Observation(), proposed = [95, 95, 95], current = [90, 90, 90];
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                shield.SetOperatorLimits(k % 2 == 0 ? narrow : wide, "test", "flip");
            }
        });
        writer.Start();

        var seen = new HashSet<double>();
        for (var n = 0; n < 200_000 || (seen.Count < 2 && n < 20_000_000); n++)
        {
            shield.Decide(new ShieldInput(observation, proposed, current), action, result);
            Assert.Equal(ShieldVerdict.Modified, result.Verdict);
            if (shield.InterventionsInWindow > 50)
            {
                shield.Reset(); // every decision here intervenes; keep the repeated-intervention shed out of the way
            }

            // Narrow: 60 is 30 below the plant but the move limit (10) allows only 80; wide: 90.
            Assert.True(action[0] == action[1] && action[1] == action[2], $"mixed limits: {string.Join(", ", action)}");
            Assert.True((result.OperatorLimitsVersion % 2 == 0 ? 80 : 90) == action[0], $"version {result.OperatorLimitsVersion} gave {action[0]}");
            seen.Add(action[0]);
        }

        stop.Cancel();
        writer.Join();
        Assert.True(shield.AuditTrail.Count > 2);
        Assert.Equal(2, seen.Count); // both sets were observed, so the race was real
    }
}
