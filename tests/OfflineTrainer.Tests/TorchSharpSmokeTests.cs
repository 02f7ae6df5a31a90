using TorchSharp;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>Proves libtorch loads on this host (through the private runtime where needed) and learns.</summary>
public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void A_small_mlp_trained_with_adam_reduces_its_loss()
    {
        torch.manual_seed(1);
        torch.set_num_threads(1);
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(256, 4) * 2 - 1;
        var y = torch.stack([x[.., 0] * x[.., 1], torch.sin(x[.., 2] * 3) + x[.., 3]], dim: 1);
        var model = nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 2));
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);

        float Loss()
        {
            using var _ = torch.no_grad();
            return nn.functional.mse_loss(model.call(x), y).item<float>();
        }

        var before = Loss();
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
        }

        var after = Loss();
        Assert.True(after < before * 0.2, $"loss {before} → {after}");
    }
}
