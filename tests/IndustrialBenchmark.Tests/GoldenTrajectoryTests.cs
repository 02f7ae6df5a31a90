using IndustrialSafeRL.IndustrialBenchmark.Dynamics;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

/// <summary>
/// Every golden case of the reference, replayed from its recorded draws and regenerated from its seed:
/// every state column at every step, 1e-9 relative for reals, exact for integers and for every draw.
/// </summary>
public sealed class GoldenTrajectoryTests
{
    private const double Tolerance = 1e-9;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Replaying_the_recorded_draws_reproduces_every_state_column(string caseName)
    {
        var golden = GoldenCase.Get(caseName);
        var trajectory = golden.Read();
        var replay = new ReplayRandomSource(trajectory.AllDraws());

        var simulator = new IndustrialBenchmarkSimulator(golden.Setpoint, replay, golden.Stationary);
        AssertRow(simulator, trajectory, 0);
        for (var row = 1; row < trajectory.Count; row++)
        {
            simulator.Step(trajectory.Value(row, "a_v"), trajectory.Value(row, "a_g"), trajectory.Value(row, "a_h"));
            AssertRow(simulator, trajectory, row);
        }

        Assert.Equal(1001, trajectory.Count);
        Assert.Equal(0, replay.Remaining);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Seeding_the_generator_reproduces_the_draws_and_every_state_column(string caseName)
    {
        var golden = GoldenCase.Get(caseName);
        var trajectory = golden.Read();
        var recorder = new RecordingRandomSource(new NumpyLegacyRandom(golden.EnvSeed));

        var simulator = new IndustrialBenchmarkSimulator(golden.Setpoint, recorder, golden.Stationary);
        AssertDraws(recorder, trajectory, 0);
        AssertRow(simulator, trajectory, 0);
        for (var row = 1; row < trajectory.Count; row++)
        {
            recorder.Clear();
            simulator.Step(trajectory.Value(row, "a_v"), trajectory.Value(row, "a_g"), trajectory.Value(row, "a_h"));
            AssertDraws(recorder, trajectory, row);
            AssertRow(simulator, trajectory, row);
        }
    }

    [Fact]
    public void FromSeed_matches_the_initial_state_table()
    {
        var table = File.ReadAllLines(Path.Combine(GoldenCase.Directory, "initial_states.csv"));
        var header = table[0].Split(',');
        Assert.Equal(14, table.Length);
        var state = new double[IndustrialBenchmarkStateColumns.Count];
        foreach (var line in table.Skip(1))
        {
            var cells = line.Split(',');
            var setpoint = double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture);
            var seed = uint.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture);
            var stationary = cells[3] == "True";
            var simulator = IndustrialBenchmarkSimulator.FromSeed(setpoint, seed, stationary);
            IndustrialBenchmarkStateColumns.Read(simulator, state);
            for (var c = 0; c < IndustrialBenchmarkStateColumns.Count; c++)
            {
                var name = IndustrialBenchmarkStateColumns.Names[c];
                var expected = double.Parse(cells[Array.IndexOf(header, name)], System.Globalization.CultureInfo.InvariantCulture);
                AssertClose(expected, state[c], $"{cells[0]} {name}");
            }
        }
    }

    public static TheoryData<string> CaseNames => GoldenCase.Names;

    private static void AssertDraws(RecordingRandomSource recorder, GoldenTrajectory trajectory, int row)
    {
        var expected = trajectory.Draws(row);
        var actual = recorder.Draws;
        Assert.True(expected.Count == actual.Count,
            $"step {row}: {actual.Count} draws, golden has {expected.Count} ({string.Join(";", actual)} vs {string.Join(";", expected)})");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"step {row} draw #{i}: {actual[i]}, golden {expected[i]}");
        }
    }

    private static void AssertRow(IndustrialBenchmarkSimulator simulator, GoldenTrajectory trajectory, int row)
    {
        Span<double> state = stackalloc double[IndustrialBenchmarkStateColumns.Count];
        IndustrialBenchmarkStateColumns.Read(simulator, state);
        for (var c = 0; c < state.Length; c++)
        {
            var name = IndustrialBenchmarkStateColumns.Names[c];
            var expected = trajectory.Value(row, name);
            if (IndustrialBenchmarkStateColumns.IntegerNames.Contains(name))
            {
                Assert.True(expected == state[c], $"step {row} column {name}: {state[c]}, golden {expected} (first diverging step)");
            }
            else
            {
                AssertClose(expected, state[c], $"step {row} column {name}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string where) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{where}: {actual:R}, golden {expected:R}");
}
