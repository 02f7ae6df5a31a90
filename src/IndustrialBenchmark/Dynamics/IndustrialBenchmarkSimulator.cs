using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Dynamics;

/// <summary>
/// The Industrial Benchmark dynamics, ported exactly from the reference (SPEC.md): state, step and reward in
/// float64, the evaluation order of SPEC §3–§4 and the random draws of SPEC §8 through an injectable
/// <see cref="IRandomSource"/>. Pure: no I/O, and no allocation per step.
/// </summary>
public sealed class IndustrialBenchmarkSimulator
{
    /// <summary>Length of the operational-cost FIFO.</summary>
    public const int CostHistoryLength = 10;

    /// <summary>Velocity step per unit action.</summary>
    public const double VelocityStep = 1.0;

    /// <summary>Gain step per unit action.</summary>
    public const double GainStep = 10.0;

    /// <summary>Shift step per unit action: ((m / 0.9)·100) / S with S = 2·1.5 + 100·0.02 = 5.</summary>
    public static readonly double ShiftStep = MisCalibration.MaxRequiredStep / 0.9 * 100.0 / ShiftScale;

    private const double ShiftBound = 1.5;
    private const double ShiftSetpointDependency = 0.02;
    private const double ShiftScale = (2.0 * ShiftBound) + (100.0 * ShiftSetpointDependency);
    private const double ExponentialNoiseScale = 0.1;
    private const double ActionTolerance = 0.05;
    private const double FatigueAmplification = 1.1;
    private const double FatigueAmplificationMax = 5.0;
    private const double FatigueAmplificationStart = 1.2;
    private const double MisCalibrationWeight = 25.0;
    private const double FatigueWeight = 3.0;
    private const double ConsumptionWeight = 1.0;

    // Convolution weights of the delayed operational cost, oldest slot first (they sum to 0.99999, as in the reference).
    private static readonly double[] CostWeights = [0.11111, 0.22222, 0.33333, 0.22222, 0.11111, 0.0, 0.0, 0.0, 0.0, 0.0];

    private readonly double[] _costHistory = new double[CostHistoryLength];
    private bool _firstStep;

    /// <summary>
    /// Constructs the benchmark like the reference constructor: pre-step values, one setpoint sequence
    /// (3 draws, even when stationary) and one zero-action step.
    /// </summary>
    /// <param name="setpoint">The setpoint p in [0, 100].</param>
    /// <param name="random">The random source every draw comes from.</param>
    /// <param name="stationary">False for the non-stationary setpoint mode of SPEC §9.</param>
    public IndustrialBenchmarkSimulator(double setpoint, IRandomSource random, bool stationary = true)
    {
        Random = random ?? throw new ArgumentNullException(nameof(random));
        Stationary = stationary;
        Reset(setpoint);
    }

    /// <summary>A benchmark driven by the numpy-compatible generator seeded with <paramref name="seed"/>.</summary>
    public static IndustrialBenchmarkSimulator FromSeed(double setpoint, uint seed, bool stationary = true) =>
        new(setpoint, new NumpyLegacyRandom(seed), stationary);

    /// <summary>The random source in use.</summary>
    public IRandomSource Random { get; }

    /// <summary>False in the non-stationary setpoint mode.</summary>
    public bool Stationary { get; }

    /// <summary>p: setpoint (load).</summary>
    public double Setpoint { get; private set; }

    /// <summary>v: velocity steering.</summary>
    public double Velocity { get; private set; }

    /// <summary>g: gain steering.</summary>
    public double Gain { get; private set; }

    /// <summary>h: shift steering.</summary>
    public double Shift { get; private set; }

    /// <summary>ĥ: effective shift in [−1.5, 1.5].</summary>
    public double EffectiveShift { get; private set; }

    /// <summary>f: fatigue.</summary>
    public double Fatigue { get; private set; }

    /// <summary>f_b: basic (deterministic) fatigue.</summary>
    public double BasicFatigue { get; private set; }

    /// <summary>H_v: latent fatigue state of velocity.</summary>
    public double LatentVelocityFatigue { get; private set; }

    /// <summary>H_g: latent fatigue state of gain.</summary>
    public double LatentGainFatigue { get; private set; }

    /// <summary>α_eff: effective velocity in [0, 1].</summary>
    public double EffectiveVelocity { get; private set; }

    /// <summary>β_eff: effective gain in [0, 1].</summary>
    public double EffectiveGain { get; private set; }

    /// <summary>q: current (undelayed) operational cost.</summary>
    public double CurrentOperationalCost { get; private set; }

    /// <summary>O[0..9]: operational-cost FIFO, oldest first.</summary>
    public ReadOnlySpan<double> OperationalCostHistory => _costHistory;

    /// <summary>ō: delayed (convolved) operational cost.</summary>
    public double OperationalCost { get; private set; }

    /// <summary>M: mis-calibration value.</summary>
    public double MisCalibrationValue { get; private set; }

    /// <summary>D: mis-calibration domain, +1 or −1.</summary>
    public int Domain { get; private set; }

    /// <summary>R: system response, +1 (advantageous) or −1.</summary>
    public int SystemResponse { get; private set; }

    /// <summary>j: angle index in {−6..6}.</summary>
    public int PhiIndex { get; private set; }

    /// <summary>c: consumption.</summary>
    public double Consumption { get; private set; }

    /// <summary>C = 3f + c.</summary>
    public double Cost { get; private set; }

    /// <summary>r = −C.</summary>
    public double Reward { get; private set; }

    /// <summary>L: length of the current setpoint sequence (non-stationary mode).</summary>
    public int SetpointSequenceLength { get; private set; }

    /// <summary>k: steps taken in the current setpoint sequence.</summary>
    public int SetpointSequenceStep { get; private set; }

    /// <summary>Δp: setpoint change per step.</summary>
    public double SetpointChange { get; private set; }

    /// <summary>
    /// Re-runs the construction with the current random source (re-seed a <see cref="NumpyLegacyRandom"/> first to
    /// reproduce the reference constructor with a seed). Allocates nothing.
    /// </summary>
    public void Reset(double setpoint)
    {
        if (double.IsNaN(setpoint) || setpoint < 0.0 || setpoint > 100.0)
        {
            throw new ArgumentOutOfRangeException(nameof(setpoint), setpoint, "The setpoint must lie in [0, 100].");
        }

        Setpoint = setpoint;
        Velocity = 50.0;
        Gain = 50.0;
        Shift = 50.0;
        LatentVelocityFatigue = 0.0;
        LatentGainFatigue = 0.0;
        Domain = 1;
        SystemResponse = 1;
        PhiIndex = 0;
        Array.Clear(_costHistory);
        Fatigue = 0.0;
        Consumption = 0.0;
        Cost = 0.0;
        Reward = 0.0;
        _firstStep = true;
        DefineSetpointSequence();
        Step(0.0, 0.0, 0.0);
    }

    /// <summary>One step with a 3-component action (delta velocity, delta gain, delta shift).</summary>
    public void Step(ReadOnlySpan<double> action)
    {
        if (action.Length != 3)
        {
            throw new ArgumentException($"The action must have 3 components (delta_velocity, delta_gain, delta_shift), got {action.Length}.", nameof(action));
        }

        Step(action[0], action[1], action[2]);
    }

    /// <summary>
    /// One step (SPEC §4). Each component is clipped to [−1, 1] as the reference does; NaN is refused.
    /// </summary>
    public void Step(double deltaVelocity, double deltaGain, double deltaShift)
    {
        if (double.IsNaN(deltaVelocity) || double.IsNaN(deltaGain) || double.IsNaN(deltaShift))
        {
            ThrowNaNAction(deltaVelocity, deltaGain);
        }

        if (!Stationary)
        {
            UpdateSetpoint();
        }

        var p = Setpoint;

        // §3: actions are clipped deltas.
        var v = Clip(Velocity + (VelocityStep * Clip(deltaVelocity, -1.0, 1.0)), 0.0, 100.0);
        var g = Clip(Gain + (GainStep * Clip(deltaGain, -1.0, 1.0)), 0.0, 100.0);
        var h = Clip(Shift + (ShiftStep * Clip(deltaShift, -1.0, 1.0)), 0.0, 100.0);
        var effectiveShift = Clip((ShiftScale * h / 100.0) - (ShiftSetpointDependency * p) - ShiftBound, -ShiftBound, ShiftBound);
        Velocity = v;
        Gain = g;
        Shift = h;
        EffectiveShift = effectiveShift;

        // §4.2: effective velocity and gain.
        var alphaEff = (AlphaU(v, g, p) - AlphaU(100.0, 0.0, p)) / (AlphaU(0.0, 100.0, p) - AlphaU(100.0, 0.0, p));
        var betaEff = (BetaU(g, p) - BetaU(100.0, p)) / (BetaU(0.0, p) - BetaU(100.0, p));
        EffectiveVelocity = alphaEff;
        EffectiveGain = betaEff;

        UpdateFatigue(v, g, alphaEff, betaEff);
        UpdateOperationalCost(p, v, g);

        // §4.6: mis-calibration.
        int domain = Domain, response = SystemResponse, phiIndex = PhiIndex;
        var misCalibration = MisCalibration.Step(effectiveShift, ref domain, ref response, ref phiIndex);
        Domain = domain;
        SystemResponse = response;
        PhiIndex = phiIndex;
        MisCalibrationValue = misCalibration;

        // §4.7: consumption with heteroskedastic noise.
        var expected = OperationalCost - (MisCalibrationWeight * (misCalibration - 1.0));
        var noise = Random.StandardNormal();
        Consumption = expected - (noise * (1.0 + (0.005 * expected)));

        // §4.8
        Cost = (FatigueWeight * Fatigue) + (ConsumptionWeight * Consumption);
        Reward = -Cost;
    }

    private void UpdateFatigue(double v, double g, double alphaEff, double betaEff)
    {
        var expGain = Random.Exponential(ExponentialNoiseScale);
        var expVelocity = Random.Exponential(ExponentialNoiseScale);
        var uniformGain = Random.Uniform();
        var uniformVelocity = Random.Uniform();
        var binomialGain = Random.Bernoulli(Clip(betaEff, 0.001, 0.999));
        var binomialVelocity = Random.Bernoulli(Clip(alphaEff, 0.001, 0.999));

        var noiseGain = 2.0 * ((1.0 / (1.0 + Math.Exp(-expGain))) - 0.5);
        var noiseVelocity = 2.0 * ((1.0 / (1.0 + Math.Exp(-expVelocity))) - 0.5);
        noiseGain += (1.0 - noiseGain) * uniformGain * binomialGain * betaEff;
        noiseVelocity += (1.0 - noiseVelocity) * uniformVelocity * binomialVelocity * alphaEff;

        LatentGainFatigue = NextLatent(LatentGainFatigue, betaEff, noiseGain);
        LatentVelocityFatigue = NextLatent(LatentVelocityFatigue, alphaEff, noiseVelocity);

        // A latent state saturated at the cap raises an alarm with logistic-normal intensity.
        double alarm;
        if (Math.Max(LatentVelocityFatigue, LatentGainFatigue) == FatigueAmplificationMax)
        {
            var nu = Random.Normal(2.4, 0.4);
            alarm = 1.0 / (1.0 + Math.Exp(-nu));
        }
        else
        {
            alarm = Math.Max(noiseVelocity, noiseGain);
        }

        var basic = Math.Max(0.0, (30000.0 / ((5.0 * v) + 100.0)) - (0.01 * (g * g)));
        BasicFatigue = basic;
        Fatigue = basic * (1.0 + (2.0 * alarm)) / 3.0;
    }

    private static double NextLatent(double latent, double effective, double noise)
    {
        if (effective <= ActionTolerance)
        {
            return effective;
        }

        if (latent >= FatigueAmplificationStart)
        {
            return Math.Min(FatigueAmplificationMax, FatigueAmplification * latent);
        }

        return (0.9 * latent) + (noise / 3.0);
    }

    private void UpdateOperationalCost(double p, double v, double g)
    {
        var q = Math.Exp(((2.0 * p) + (2.5 * g) + (4.0 * v)) / 100.0);
        CurrentOperationalCost = q;
        var history = _costHistory;
        if (_firstStep)
        {
            history.AsSpan().Fill(q);
            _firstStep = false;
        }
        else
        {
            history.AsSpan(1).CopyTo(history);
            history[CostHistoryLength - 1] = q;
        }

        // Summed oldest first: this order reproduces the reference bit for bit.
        var sum = 0.0;
        for (var i = 0; i < CostHistoryLength; i++)
        {
            sum += CostWeights[i] * history[i];
        }

        OperationalCost = sum;
    }

    private void DefineSetpointSequence()
    {
        SetpointSequenceLength = (int)Random.RandInt(1, 100);
        SetpointSequenceStep = 0;
        var change = (2.0 * Random.Uniform()) - 1.0;
        if (Random.Uniform() < 0.1)
        {
            change *= 0.0;
        }

        SetpointChange = change;
    }

    private void UpdateSetpoint()
    {
        if (SetpointSequenceStep == SetpointSequenceLength)
        {
            DefineSetpointSequence();
        }

        var next = Setpoint + SetpointChange;
        if (next > 100.0 || next < 0.0)
        {
            if (Random.Uniform() > 0.5)
            {
                SetpointChange = -SetpointChange;
            }
        }

        Setpoint = Clip(next, 0.0, 100.0);
        SetpointSequenceStep++;
    }

    private static double AlphaU(double x, double y, double p) => (((y + 1.0) + p) + 1.0) / ((x + 101.0) - p);

    private static double BetaU(double y, double p) => 1.0 / ((y + 1.0) + p);

    private static double Clip(double x, double low, double high) => Math.Min(Math.Max(x, low), high);

    private static void ThrowNaNAction(double deltaVelocity, double deltaGain)
    {
        var (index, name) = double.IsNaN(deltaVelocity) ? (0, "delta_velocity")
            : double.IsNaN(deltaGain) ? (1, "delta_gain")
            : (2, "delta_shift");
        throw new ArgumentException($"action[{index}] ({name}) is NaN; every action component must be a number.", "action");
    }
}
