using System.ComponentModel.DataAnnotations;

namespace IndustrialSafeRL.Policy.Runtime.Inference;

/// <summary>How a policy's ONNX Runtime session is opened and checked.</summary>
public sealed class PolicySessionOptions
{
    /// <summary>Largest absolute difference allowed between a test vector's expected output and the network's, scaled by max(1, |expected|). Default 1e-5.</summary>
    [Range(0.0, 1.0)]
    public double TestVectorTolerance { get; set; } = 1e-5;

    /// <summary>Inference runs made before a session may be activated, to page in weights and build kernels. Default 16.</summary>
    [Range(1, 10_000)]
    public int WarmUpRuns { get; set; } = 16;

    /// <summary>Threads ONNX Runtime uses inside an operator. Default 1: the control loop owns one core.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;
}
