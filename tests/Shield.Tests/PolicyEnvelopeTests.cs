using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using static IndustrialSafeRL.Shield.Tests.ShieldSetups;

namespace IndustrialSafeRL.Shield.Tests;

public sealed class PolicyEnvelopeTests
{
    [Fact]
    public void Bad_envelopes_are_refused_naming_the_field_and_index()
    {
        Assert.Contains("PolicyEnvelope(p).Lo[1] (NaN)",
            Assert.Throws<ArgumentException>(() => new PolicyEnvelope("p", [0, double.NaN], [1, 1])).Message, StringComparison.Ordinal);
        Assert.Contains("PolicyEnvelope(p): Lo[0] (2) > Hi[0] (1)",
            Assert.Throws<ArgumentException>(() => new PolicyEnvelope("p", [2], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("PolicyEnvelope(p).Hi: has 1 values but Lo has 2",
            Assert.Throws<ArgumentException>(() => new PolicyEnvelope("p", [0, 0], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("PolicyEnvelope(p).GuideDeviationBound[0] (-1) must be ≥ 0",
            Assert.Throws<ArgumentException>(() => new PolicyEnvelope("p", [0], [1], [-1])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shield_refuses_an_envelope_of_the_wrong_shape()
    {
        var shield = Absolute();
        Assert.Contains("has 2 observation dimensions, the shield sees 6",
            Assert.Throws<ArgumentException>(() => shield.SetEnvelope(new PolicyEnvelope("q", [0, 0], [1, 1]))).Message,
            StringComparison.Ordinal);
        Assert.Contains("GuideDeviationBound: has 1 values, the shield has 3 actions",
            Assert.Throws<ArgumentException>(() => shield.SetEnvelope(new PolicyEnvelope("q", new double[6], new double[6], [1]))).Message,
            StringComparison.Ordinal);
        Assert.Equal("wide", shield.Envelope.PolicyId);
    }

    [Fact]
    public void Hot_swap_changes_the_bounds_of_the_next_decision()
    {
        var shield = Absolute();
        var obs = Observation();
        var (verdict, _, result) = Decide(shield, obs, [50, 50, 50], [50, 50, 50]);
        Assert.Equal(ShieldVerdict.Pass, verdict);
        Assert.Equal("wide", result.PolicyId);

        shield.SetEnvelope(new PolicyEnvelope("narrow", [60, 0, 0, 0, 0, 0], [65, 100, 100, 100, 1000, 1000]));
        (verdict, _, result) = Decide(shield, obs, [50, 50, 50], [50, 50, 50]);
        Assert.Equal(ShieldVerdict.Shed, verdict); // p = 70 is beyond 65 + 10 % of 5
        Assert.Equal("narrow", result.PolicyId);
        Assert.Contains(result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.StateOutsideSupport, ObservationIndex: 0 });
    }

    [Fact]
    public void Unbounded_sides_never_fire_the_guard()
    {
        var shield = Absolute(new PolicyEnvelope("open", [double.NegativeInfinity, 0, 0, 0, 0, 0],
            [double.PositiveInfinity, 100, 100, 100, 1000, 1000]));
        var obs = Observation();
        obs[0] = 1e300;
        Assert.Equal(ShieldVerdict.Pass, Decide(shield, obs, [50, 50, 50], [50, 50, 50]).Verdict);
    }
}
