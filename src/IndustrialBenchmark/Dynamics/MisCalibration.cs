namespace IndustrialSafeRL.IndustrialBenchmark.Dynamics;

/// <summary>
/// The mis-calibration ("goldstone") sub-system of SPEC §4.6: a state machine over the angle index
/// j ∈ {−6..6} driven by the effective shift, and the 13 penalty landscapes (a normalised, linearly biased
/// Goldstone potential with its minimum warped to a target radius). The landscape constants are computed once.
/// </summary>
public static class MisCalibration
{
    /// <summary>Number of angle steps, N_φ.</summary>
    public const int AngleSteps = 24;

    /// <summary>K = N_φ / 4: the largest |j|.</summary>
    public const int MaxIndex = AngleSteps / 4;

    /// <summary>m = sin(15°), the "max required step".</summary>
    public static readonly double MaxRequiredStep = Math.Sin(15.0 / 180.0 * Math.PI);

    /// <summary>z = m / 2, the safe-zone half-width of the effective shift.</summary>
    public static readonly double SafeZone = MaxRequiredStep / 2.0;

    private static readonly double Lambda = ComputeLambda();

    /// <summary>Goldstone coefficient a = 2/Λ.</summary>
    public static readonly double A = 2.0 / Lambda;

    /// <summary>Goldstone coefficient b = 1/Λ.</summary>
    public static readonly double B = 1.0 / Lambda;

    /// <summary>Goldstone linear bias κ = −8·√(2/27)/Λ.</summary>
    public static readonly double Kappa = -8.0 * Math.Sqrt(2.0 / 27.0) / Lambda;

    private static readonly Landscape[] Landscapes = BuildLandscapes();

    /// <summary>The reduced angle φ_j ∈ [0, 2π) of index j.</summary>
    public static double Angle(int j) => Landscapes[j + MaxIndex].Phi;

    /// <summary>The target radius ρ_j (negative for φ_j ≥ π).</summary>
    public static double TargetRadius(int j) => Landscapes[j + MaxIndex].Rho;

    /// <summary>The radius μ_j at which the unwarped potential has its minimum.</summary>
    public static double MinimumRadius(int j) => Landscapes[j + MaxIndex].Mu;

    /// <summary>The penalty P_j(x) of index j at effective shift x.</summary>
    public static double Penalty(int j, double x)
    {
        ref readonly var l = ref Landscapes[j + MaxIndex];
        var absX = Math.Abs(x);
        double y;
        if (absX <= l.AbsRho)
        {
            y = x * l.AbsMu / l.AbsRho;
        }
        else
        {
            y = Math.Sign(x) * (l.AbsMu + (l.WarpF * Math.Pow(absX - l.AbsRho, l.WarpE)));
        }

        return Goldstone(y, l.SinPhi);
    }

    /// <summary>
    /// One transition of the state machine (D, R, j) for effective shift <paramref name="x"/>, in the order of
    /// SPEC §4.6; returns the mis-calibration value M = −P_j(x) for the new index.
    /// </summary>
    public static double Step(double x, ref int domain, ref int response, ref int phiIndex)
    {
        var absX = Math.Abs(x);
        var outsideSafeZone = absX > SafeZone;
        var oldDomain = domain;
        if (outsideSafeZone)
        {
            domain = Math.Sign(x);
        }

        if (domain != oldDomain)
        {
            response = 1;
        }

        int delta;
        if (!outsideSafeZone)
        {
            delta = -Math.Sign(phiIndex);
        }
        else if (phiIndex == -domain * MaxIndex)
        {
            delta = 0;
        }
        else
        {
            delta = response * Math.Sign(x);
        }

        phiIndex += delta;
        if (Math.Abs(phiIndex) >= MaxIndex)
        {
            response = -1;
            phiIndex = (2 * MaxIndex) - ((phiIndex + (4 * MaxIndex)) % (4 * MaxIndex));
        }

        if (phiIndex == 0 && !outsideSafeZone)
        {
            domain = 1;
            response = 1;
        }

        return -Penalty(phiIndex, x);
    }

    private static double Goldstone(double r, double sinPhi)
    {
        var r2 = r * r;
        return ((-A * r2) + (B * (r2 * r2))) + (Kappa * sinPhi * r);
    }

    private static double ComputeLambda()
    {
        var u0 = Math.Cbrt(1.0 + Math.Sqrt(2.0)) / Math.Sqrt(3.0);
        var r0 = u0 + (1.0 / (3.0 * u0));
        var r0Squared = r0 * r0;
        return ((2.0 * r0Squared) - (r0Squared * r0Squared)) + (8.0 * Math.Sqrt(2.0 / 27.0) * r0);
    }

    private static Landscape[] BuildLandscapes()
    {
        var result = new Landscape[(2 * MaxIndex) + 1];
        for (var j = -MaxIndex; j <= MaxIndex; j++)
        {
            // Floor-type reduction into [0, 2π): fmod, then add 2π for negative angles.
            var phi = (j * 2.0 * Math.PI / AngleSteps) % (2.0 * Math.PI);
            if (phi < 0.0)
            {
                phi += 2.0 * Math.PI;
            }

            var sinPhi = Math.Sin(phi);
            var rho = Math.Max(Math.Abs(sinPhi), MaxRequiredStep);
            if (phi >= Math.PI)
            {
                rho = -rho;
            }

            var mu = MinimumRadiusOf(sinPhi);
            var absRho = Math.Abs(rho);
            var absMu = Math.Abs(mu);
            var warpE = (2.0 - absRho) / (2.0 - absMu);
            var warpF = (2.0 - absMu) / Math.Pow(2.0 - absRho, warpE);
            result[j + MaxIndex] = new Landscape(phi, sinPhi, rho, mu, absRho, absMu, warpE, warpF);
        }

        return result;
    }

    private static double MinimumRadiusOf(double sinPhi)
    {
        double s = sinPhi < 0.0 ? -1.0 : 1.0;
        var q = Kappa * Math.Abs(sinPhi) / (8.0 * B);
        var qBound = -Math.Sqrt(1.0 / 27.0);
        if (q <= qBound)
        {
            // At j = ±3, Q equals the bound to the last bit; max(0, ·) keeps a rounding-negative radicand from giving NaN.
            var u = Math.Cbrt((-s * q) + Math.Sqrt(Math.Max(0.0, (q * q) - (1.0 / 27.0))));
            return u + (1.0 / (3.0 * u));
        }

        return s * Math.Sqrt(4.0 / 3.0) * Math.Cos(Math.Acos(-q * Math.Sqrt(27.0)) / 3.0);
    }

    private readonly record struct Landscape(
        double Phi, double SinPhi, double Rho, double Mu, double AbsRho, double AbsMu, double WarpE, double WarpF);
}
