using IndustrialSafeRL.IndustrialBenchmark.Dynamics;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

/// <summary>The penalty landscapes against the reference table of SPEC §4.6.</summary>
public sealed class MisCalibrationTests
{
    // j, φ_j, ρ_j, μ_j, P_j(−1.5), P_j(+1.5) (SPEC §4.6 table).
    public static TheoryData<int, double, double, double, double, double> Table => new()
    {
        { -6, 4.71238898038469, -1, -1.204892996301348, -0.72760, 1.23035 },
        { -5, 4.974188368183839, -0.9659258262890684, -1.1993318723919444, -0.68871, 1.20620 },
        { -4, 5.235987755982989, -0.8660254037844386, -1.1826274907236072, -0.57702, 1.12967 },
        { -3, 5.497787143782138, -0.7071067811865477, -1.1547005383792515, -0.40486, 0.99531 },
        { -2, 5.759586531581287, -0.5000000000000004, -1.1153550716504106, -0.18766, 0.80581 },
        { -1, 6.021385919380437, -0.25881904510252074, -1.064138980767423, 0.05809, 0.57317 },
        { 0, 0, 0.25881904510252074, 1.0, 0.29475, 0.29475 },
        { 1, 0.2617993877991494, 0.25881904510252074, 1.064138980767423, 0.57317, 0.05809 },
        { 2, 0.5235987755982988, 0.49999999999999994, 1.1153550716504106, 0.80581, -0.18766 },
        { 3, 0.7853981633974483, 0.7071067811865475, 1.1547005383792515, 0.99531, -0.40486 },
        { 4, 1.0471975511965976, 0.8660254037844386, 1.1826274907236072, 1.12967, -0.57702 },
        { 5, 1.3089969389957472, 0.9659258262890683, 1.1993318723919442, 1.20620, -0.68871 },
        { 6, 1.5707963267948966, 1, 1.2048929963013477, 1.23035, -0.72760 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Landscape_matches_the_reference_table(int j, double phi, double rho, double mu, double atMinus, double atPlus)
    {
        Assert.Equal(phi, MisCalibration.Angle(j), 1e-14);
        Assert.Equal(rho, MisCalibration.TargetRadius(j), 1e-14);
        Assert.Equal(mu, MisCalibration.MinimumRadius(j), 1e-14);
        Assert.Equal(atMinus, MisCalibration.Penalty(j, -1.5), 5);
        Assert.Equal(atPlus, MisCalibration.Penalty(j, 1.5), 5);
        Assert.Equal(0.0, MisCalibration.Penalty(j, 0.0), 15);
    }

    [Fact]
    public void Potential_constants_match_the_reference()
    {
        Assert.Equal(0.5849066324029353, MisCalibration.A, 1e-15);
        Assert.Equal(0.29245331620146764, MisCalibration.B, 1e-15);
        Assert.Equal(-0.636765687358596, MisCalibration.Kappa, 1e-14);
    }

    [Fact]
    public void Outside_the_safe_zone_the_index_walks_to_the_edge_and_folds_back()
    {
        int domain = 1, response = 1, j = 0;
        var visited = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            MisCalibration.Step(1.0, ref domain, ref response, ref j);
            visited.Add(j);
        }

        // Up to K = 6 the response is advantageous; at the edge it turns disadvantageous and the index walks back.
        Assert.Equal([1, 2, 3, 4, 5, 6, 5, 4, 3, 2], visited);
        Assert.Equal(-1, response);

        // Inside the safe zone it drifts back towards 0 and, on reaching it, the machine resets.
        MisCalibration.Step(0.0, ref domain, ref response, ref j);
        Assert.Equal((1, -1, 1), (domain, response, j));
        MisCalibration.Step(0.0, ref domain, ref response, ref j);
        Assert.Equal((1, 1, 0), (domain, response, j));

        // A negative shift switches the domain (response advantageous again) and walks to −6, then back.
        for (var i = 0; i < 6; i++)
        {
            MisCalibration.Step(-1.0, ref domain, ref response, ref j);
        }

        Assert.Equal((-1, -1, -6), (domain, response, j));
        MisCalibration.Step(-1.0, ref domain, ref response, ref j);
        Assert.Equal((-1, -1, -5), (domain, response, j));
    }
}
