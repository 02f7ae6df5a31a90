namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>Settings of <see cref="PlantServer"/> with documented defaults.</summary>
public sealed class PlantServerOptions
{
    /// <summary>Namespace URI of the plant tags (default the harness's <c>urn:isrl-sim:industrial-benchmark</c>, index 2).</summary>
    public string NamespaceUri { get; set; } = "urn:isrl-sim:industrial-benchmark";

    /// <summary>Root folder browse name (default <c>IndustrialBenchmark</c>).</summary>
    public string FolderName { get; set; } = "IndustrialBenchmark";

    /// <summary>Prefix of the string NodeIds (default <c>IB</c>: <c>ns=2;s=IB.Observation.velocity</c>).</summary>
    public string NodeIdPrefix { get; set; } = "IB";

    /// <summary>Stepping (default <see cref="PlantStepMode.OnWrite"/>).</summary>
    public PlantStepMode StepMode { get; set; } = PlantStepMode.OnWrite;

    /// <summary>Step period with <see cref="PlantStepMode.Periodic"/> (default 100 ms).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the PLC life bit toggles (default 500 ms).</summary>
    public TimeSpan LifeBitPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Initial state of the permissive (default true: the controller may act).</summary>
    public bool Permissive { get; set; } = true;

    /// <summary>
    /// With <see cref="PlantStepMode.OnWrite"/>: when no write has stepped the plant for this long, the plant's own
    /// controller (<see cref="IPlantWithOwnController"/>) takes a step, and again every such period, as a real plant keeps
    /// running under its PLC while the supervisory controller is shed or only watching. Null (default): off.
    /// </summary>
    public TimeSpan? OwnControllerAfter { get; set; }

    /// <summary>
    /// Emulates the operator re-arming the supervisory controller: after the plant's own controller has been in charge
    /// for this long, the permissive is withdrawn for one period and granted again. Null (default): never.
    /// </summary>
    public TimeSpan? PermissiveRearmAfter { get; set; }

    /// <summary>
    /// Publish the plant's own controller's proposed action (<see cref="IPlantWithOwnController.ProposeOwnAction"/>)
    /// after every step as read-only guide tags <c>ns=2;s=IB.Guide.&lt;action&gt;</c>, the PLC-tag guide of a policy
    /// exported with <c>--guide tag</c>. Needs a plant with its own controller. Default false.
    /// </summary>
    public bool PublishGuide { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    public PlantServerOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(NamespaceUri) || string.IsNullOrWhiteSpace(FolderName) || string.IsNullOrWhiteSpace(NodeIdPrefix))
        {
            throw new ArgumentException("NamespaceUri, FolderName and NodeIdPrefix are required");
        }

        if (Period < TimeSpan.FromMilliseconds(1) || LifeBitPeriod < TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Period), "Period must be >= 1 ms and LifeBitPeriod >= 10 ms");
        }

        if (OwnControllerAfter is { } idle && idle < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(OwnControllerAfter), idle, "OwnControllerAfter must be >= 1 ms");
        }

        if (PermissiveRearmAfter is not null && OwnControllerAfter is null)
        {
            throw new ArgumentException("PermissiveRearmAfter needs OwnControllerAfter (the re-arm follows a period under the plant's own controller)", nameof(PermissiveRearmAfter));
        }

        return this;
    }
}
