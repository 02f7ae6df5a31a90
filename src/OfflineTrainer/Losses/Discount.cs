using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>Discount weights γ^t for t = 0..H−1.</summary>
internal static class Discount
{
    public static Tensor Weights(long horizon, double gamma, Device device) =>
        pow(gamma, arange(horizon, dtype: ScalarType.Float64)).to(ScalarType.Float32).to(device);
}
