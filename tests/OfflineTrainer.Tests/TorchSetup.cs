using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>Fixed thread count and seed for every TorchSharp test.</summary>
internal static class TorchSetup
{
    private static readonly Lazy<bool> Done = new(() =>
    {
        set_num_threads(1);
        manual_seed(7);
        return true;
    });

    public static void Ensure() => _ = Done.Value;
}
