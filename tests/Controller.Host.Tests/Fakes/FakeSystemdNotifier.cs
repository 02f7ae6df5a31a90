using Microsoft.Extensions.Hosting.Systemd;

namespace IndustrialSafeRL.Controller.Host.Tests.Fakes;

/// <summary>Records what the host tells systemd.</summary>
internal sealed class FakeSystemdNotifier : ISystemdNotifier
{
    public System.Collections.Concurrent.ConcurrentQueue<string> States { get; } = new();

    public bool IsEnabled => true;

    public void Notify(ServiceState state) => States.Enqueue(state.ToString());
}
