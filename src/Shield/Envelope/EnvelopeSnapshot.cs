namespace IndustrialSafeRL.Shield.Envelope;

/// <summary>
/// An envelope together with the guard box derived from it (bounds widened by the configured margin), published
/// as one reference so a decision never mixes two policies' bounds.
/// </summary>
internal sealed class EnvelopeSnapshot
{
    public EnvelopeSnapshot(PolicyEnvelope envelope, double margin)
    {
        Envelope = envelope;
        var n = envelope.ObservationLength;
        GuardLo = new double[n];
        GuardHi = new double[n];
        for (var d = 0; d < n; d++)
        {
            var lo = envelope.LoSpan[d];
            var hi = envelope.HiSpan[d];
            // An unbounded side has no finite width: widen nothing there.
            var width = hi - lo;
            var pad = double.IsFinite(width) ? margin * width : 0.0;
            GuardLo[d] = lo - pad;
            GuardHi[d] = hi + pad;
        }
    }

    public PolicyEnvelope Envelope { get; }

    public double[] GuardLo { get; }

    public double[] GuardHi { get; }
}
