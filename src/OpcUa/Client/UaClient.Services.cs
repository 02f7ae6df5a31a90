using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>Discovery, attribute and view services, and the TagSet API for the control loop.</summary>
public sealed partial class UaClient
{
    /// <summary>GetEndpoints on the current channel.</summary>
    public async Task<EndpointDescription[]> GetEndpointsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync<GetEndpointsResponse>(new GetEndpointsRequest { EndpointUrl = Options.EndpointUrl, LocaleIds = [], ProfileUris = [] }, cancellationToken).ConfigureAwait(false))
        .Endpoints ?? [];

    /// <summary>Reads one attribute (default Value) of each node; per-node failures are in the DataValue status.</summary>
    public async Task<DataValue[]> ReadAsync(IReadOnlyList<NodeId> nodeIds, uint attributeId = 13, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var request = new ReadRequest
        {
            TimestampsToReturn = TimestampsToReturn.Both,
            NodesToRead = [.. nodeIds.Select(id => new ReadValueId { NodeId = id, AttributeId = attributeId })],
        };
        var response = await CallAsync<ReadResponse>(request, cancellationToken).ConfigureAwait(false);
        return CheckCount(response.Results, nodeIds.Count, "Read");
    }

    /// <summary>Writes Values; the Variant types must match the variables' data types exactly. Returns one status per write.</summary>
    public async Task<uint[]> WriteAsync(IReadOnlyList<(NodeId NodeId, Variant Value)> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var request = new WriteRequest
        {
            NodesToWrite = [.. writes.Select(w => new WriteValue { NodeId = w.NodeId, AttributeId = 13, Value = new DataValue(w.Value) })],
        };
        var response = await CallAsync<WriteResponse>(request, cancellationToken).ConfigureAwait(false);
        return CheckCount(response.Results, writes.Count, "Write");
    }

    /// <summary>Browses forward hierarchical references of a node, following continuation points with BrowseNext.</summary>
    public async Task<IReadOnlyList<ReferenceDescription>> BrowseAsync(NodeId nodeId, uint maxReferencesPerNode = 0, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<BrowseResponse>(new BrowseRequest
        {
            View = new ViewDescription(),
            RequestedMaxReferencesPerNode = maxReferencesPerNode,
            NodesToBrowse =
            [
                new BrowseDescription
                {
                    NodeId = nodeId,
                    BrowseDirection = BrowseDirection.Forward,
                    ReferenceTypeId = WellKnownNodes.HierarchicalReferences,
                    IncludeSubtypes = true,
                    ResultMask = 0x3F,
                },
            ],
        }, cancellationToken).ConfigureAwait(false);
        var result = CheckCount(response.Results, 1, "Browse")[0];
        var references = new List<ReferenceDescription>();
        while (true)
        {
            if (StatusCodes.IsBad(result.StatusCode))
            {
                throw new UaStatusException(result.StatusCode, $"Browse of {nodeId} failed");
            }

            references.AddRange(result.References ?? []);
            if (result.ContinuationPoint is not { Length: > 0 } point)
            {
                return references;
            }

            var next = await CallAsync<BrowseNextResponse>(new BrowseNextRequest { ContinuationPoints = [point] }, cancellationToken).ConfigureAwait(false);
            result = CheckCount(next.Results, 1, "BrowseNext")[0];
        }
    }

    /// <summary>
    /// Translates paths like <c>/Objects/2:IndustrialBenchmark/2:Observations/2:velocity</c> (from the Root folder,
    /// hierarchical references with subtypes) into NodeIds; per-path failures are in the results.
    /// </summary>
    public async Task<BrowsePathResult[]> TranslateAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var request = new TranslateBrowsePathsToNodeIdsRequest
        {
            BrowsePaths = [.. paths.Select(p => new BrowsePath
            {
                StartingNode = WellKnownNodes.RootFolder,
                RelativePath = new RelativePath
                {
                    Elements = [.. p.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(name => new RelativePathElement
                    {
                        ReferenceTypeId = WellKnownNodes.HierarchicalReferences,
                        IncludeSubtypes = true,
                        TargetName = QualifiedName.Parse(name),
                    })],
                },
            })],
        };
        var response = await CallAsync<TranslateBrowsePathsToNodeIdsResponse>(request, cancellationToken).ConfigureAwait(false);
        return CheckCount(response.Results, paths.Count, "TranslateBrowsePathsToNodeIds");
    }

    /// <summary>
    /// Parses a NodeId, resolving <c>nsu=&lt;uri&gt;;s=…</c> through the server's NamespaceArray (store tags by URI, not index).
    /// </summary>
    public NodeId ResolveNodeId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("nsu=", StringComparison.Ordinal))
        {
            return NodeId.Parse(text);
        }

        var semi = text.IndexOf(';', StringComparison.Ordinal);
        var uri = semi < 0 ? throw new FormatException($"NodeId '{text}': nsu= needs ';' before the identifier") : text[4..semi];
        var index = NamespaceUris.ToList().IndexOf(uri);
        if (index < 0)
        {
            throw new UaStatusException(StatusCodes.BadNodeIdUnknown, $"namespace '{uri}' is not in the server's NamespaceArray");
        }

        return NodeId.Parse($"ns={index};{text[(semi + 1)..]}");
    }

    /// <summary>
    /// Resolves tags once: parses the NodeIds (<c>ns=</c> or <c>nsu=</c>) and reads each DataType, so writes send exactly
    /// the variable's type. Throws naming the tag that is unknown or not a numeric/Boolean scalar.
    /// </summary>
    public async Task<TagSet> CreateTagSetAsync(IEnumerable<string> nodeIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        var ids = nodeIds.Select(ResolveNodeId).ToArray();
        if (ids.Length == 0)
        {
            throw new ArgumentException("a tag set needs at least one NodeId", nameof(nodeIds));
        }

        var dataTypes = await ReadAsync(ids, 14, cancellationToken).ConfigureAwait(false);
        var types = new BuiltInType[ids.Length];
        // Enumerations and other derived types: the Variant type of the current value is what goes on the wire.
        var unmapped = Enumerable.Range(0, ids.Length).Where(i => dataTypes[i].Value.Value is NodeId t && !TagSet.TryMapDataType(t, out _)).ToArray();
        var current = unmapped.Length == 0 ? [] : await ReadAsync([.. unmapped.Select(i => ids[i])], 13, cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < unmapped.Length; k++)
        {
            if (!current[k].Value.IsArray && current[k].Value.Type is >= BuiltInType.Boolean and <= BuiltInType.Double)
            {
                dataTypes[unmapped[k]] = new DataValue(new Variant(new NodeId((uint)current[k].Value.Type)));
            }
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if (StatusCodes.IsBad(dataTypes[i].StatusCode))
            {
                throw new UaStatusException(dataTypes[i].StatusCode, $"tag {ids[i]}: DataType could not be read");
            }

            if (dataTypes[i].Value.Value is not NodeId dataType || !TagSet.TryMapDataType(dataType, out types[i]))
            {
                throw new UaStatusException(StatusCodes.BadTypeMismatch, $"tag {ids[i]}: DataType {dataTypes[i].Value} is not a numeric or Boolean built-in type");
            }
        }

        return new TagSet(ids, types);
    }

    /// <summary>Reads every tag into <paramref name="destination"/> (length ≥ tag count). Per-tag failures are in the statuses.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadAsync(TagSet tags, DataValue[] destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, tags.Count);
        var response = await CallIntoAsync(tags.ReadRequest, tags.ReadTarget, cancellationToken).ConfigureAwait(false);
        CheckCount(response.Results, tags.Count, "Read").AsSpan().CopyTo(destination);
    }

    /// <summary>
    /// Reads every tag as a double into <paramref name="values"/> and its StatusCode into <paramref name="statuses"/>;
    /// returns true when all are Good. A non-numeric or bad value leaves NaN.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync(TagSet tags, double[] values, uint[] statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, tags.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statuses.Length, tags.Count);
        var response = await CallIntoAsync(tags.ReadRequest, tags.ReadTarget, cancellationToken).ConfigureAwait(false);
        var results = CheckCount(response.Results, tags.Count, "Read");
        var allGood = true;
        for (var i = 0; i < results.Length; i++)
        {
            statuses[i] = results[i].StatusCode;
            values[i] = results[i].Value.TryGetDouble(out var v) ? v : double.NaN;
            allGood &= StatusCodes.IsGood(statuses[i]);
        }

        return allGood;
    }

    /// <summary>
    /// Writes one value per tag, converted to each tag's exact data type, in one Write request; per-tag results go to
    /// <paramref name="results"/>. Returns true when all are Good.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> WriteAsync(TagSet tags, ReadOnlyMemory<double> values, uint[] results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, tags.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, tags.Count);
        var nodes = tags.WriteRequest.NodesToWrite!;
        var span = values.Span;
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i].Value = new DataValue(tags.ToVariant(i, span[i]));
        }

        var response = await CallIntoAsync(tags.WriteRequest, tags.WriteTarget, cancellationToken).ConfigureAwait(false);
        var statuses = CheckCount(response.Results, tags.Count, "Write");
        statuses.AsSpan().CopyTo(results);
        var allGood = true;
        foreach (var s in statuses)
        {
            allGood &= StatusCodes.IsGood(s);
        }

        return allGood;
    }

    private static T[] CheckCount<T>(T[]? results, int expected, string service) =>
        results is not null && results.Length == expected
            ? results
            : throw new UaStatusException(StatusCodes.BadUnknownResponse, $"{service} returned {results?.Length ?? 0} results for {expected} operations");
}
