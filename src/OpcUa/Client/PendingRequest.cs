using System.Threading.Tasks.Sources;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>
/// One outstanding request: a reusable completion source (no Task allocated per request) with its deadline and, for
/// the TagSet fast path, a response object to decode into.
/// </summary>
internal sealed class PendingRequest : IValueTaskSource<IServiceResponse>
{
    private ManualResetValueTaskSourceCore<IServiceResponse> _core = new() { RunContinuationsAsynchronously = true };

    public long Deadline { get; set; }

    /// <summary>When set and the response has its type, the response is decoded into this instance.</summary>
    public IServiceResponse? Target { get; set; }

    public ValueTask<IServiceResponse> Task => new(this, _core.Version);

    public void Reset()
    {
        _core.Reset();
        Target = null;
    }

    public void SetResult(IServiceResponse response) => _core.SetResult(response);

    public void SetException(UaStatusException exception) => _core.SetException(exception);

    public IServiceResponse GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
