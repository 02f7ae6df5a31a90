using System.Security.Cryptography;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>View service set: Browse, BrowseNext, TranslateBrowsePathsToNodeIds.</summary>
public sealed partial class UaServer
{
    private const int MaxContinuationPointsPerSession = 10;

    private IServiceResponse Browse(ServerSession session, BrowseRequest request)
    {
        var nodes = request.NodesToBrowse;
        if (nodes is null || nodes.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (nodes.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        var max = request.RequestedMaxReferencesPerNode == 0
            ? Options.MaxReferencesPerNode
            : (int)Math.Min(request.RequestedMaxReferencesPerNode, (uint)Options.MaxReferencesPerNode);
        var results = new BrowseResult[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            results[i] = BrowseOne(session, nodes[i], max);
        }

        return new BrowseResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private BrowseResult BrowseOne(ServerSession session, BrowseDescription description, int max)
    {
        if (!AddressSpace.TryGetNode(description.NodeId, out var node))
        {
            return new BrowseResult { StatusCode = StatusCodes.BadNodeIdUnknown, References = [] };
        }

        if (description.BrowseDirection is < BrowseDirection.Forward or > BrowseDirection.Both)
        {
            return new BrowseResult { StatusCode = StatusCodes.BadInvalidArgument, References = [] };
        }

        if (!description.ReferenceTypeId.IsNull && !WellKnownNodes.IsKnownReferenceType(description.ReferenceTypeId))
        {
            return new BrowseResult { StatusCode = 0x804C0000 /* BadReferenceTypeIdInvalid */, References = [] };
        }

        var found = new List<ReferenceDescription>();
        foreach (var reference in node.References)
        {
            if ((description.BrowseDirection == BrowseDirection.Forward && !reference.IsForward)
                || (description.BrowseDirection == BrowseDirection.Inverse && reference.IsForward)
                || !WellKnownNodes.Matches(reference.ReferenceTypeId, description.ReferenceTypeId, description.IncludeSubtypes))
            {
                continue;
            }

            AddressSpace.TryGetNode(reference.TargetId, out var target);
            var targetClass = target?.NodeClass ?? NodeClass.Unspecified;
            if (description.NodeClassMask != 0 && target is not null && ((uint)targetClass & description.NodeClassMask) == 0)
            {
                continue;
            }

            var mask = description.ResultMask;
            found.Add(new ReferenceDescription
            {
                ReferenceTypeId = (mask & 0x01) != 0 ? reference.ReferenceTypeId : NodeId.Null,
                IsForward = (mask & 0x02) != 0 && reference.IsForward,
                NodeId = reference.TargetId,
                BrowseName = (mask & 0x08) != 0 && target is not null ? target.BrowseName : default,
                DisplayName = (mask & 0x10) != 0 && target is not null ? target.DisplayName : default,
                NodeClass = (mask & 0x04) != 0 ? targetClass : NodeClass.Unspecified,
                TypeDefinition = (mask & 0x20) != 0 && target is not null && target.NodeClass is NodeClass.Object or NodeClass.Variable
                    ? target.TypeDefinition
                    : NodeId.Null,
            });
        }

        return Page(session, [.. found], max);
    }

    private static BrowseResult Page(ServerSession session, ReferenceDescription[] references, int max)
    {
        if (references.Length <= max)
        {
            return new BrowseResult { StatusCode = StatusCodes.Good, References = references };
        }

        if (session.ContinuationPoints.Count >= MaxContinuationPointsPerSession)
        {
            return new BrowseResult { StatusCode = StatusCodes.BadNoContinuationPoints, References = [] };
        }

        var point = RandomNumberGenerator.GetBytes(16);
        session.ContinuationPoints[Convert.ToHexString(point)] = references[max..];
        return new BrowseResult { StatusCode = StatusCodes.Good, References = references[..max], ContinuationPoint = point };
    }

    private IServiceResponse BrowseNext(ServerSession session, BrowseNextRequest request)
    {
        var points = request.ContinuationPoints;
        if (points is null || points.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (points.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        var results = new BrowseResult[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var key = points[i] is null ? string.Empty : Convert.ToHexString(points[i]!);
            if (!session.ContinuationPoints.Remove(key, out var rest))
            {
                results[i] = new BrowseResult { StatusCode = StatusCodes.BadContinuationPointInvalid, References = [] };
                continue;
            }

            results[i] = request.ReleaseContinuationPoints
                ? new BrowseResult { StatusCode = StatusCodes.Good, References = [] }
                : Page(session, rest, Options.MaxReferencesPerNode);
        }

        return new BrowseNextResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private IServiceResponse Translate(TranslateBrowsePathsToNodeIdsRequest request)
    {
        var paths = request.BrowsePaths;
        if (paths is null || paths.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (paths.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        var results = new BrowsePathResult[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            results[i] = TranslateOne(paths[i]);
        }

        return new TranslateBrowsePathsToNodeIdsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private BrowsePathResult TranslateOne(BrowsePath path)
    {
        if (!AddressSpace.TryGetNode(path.StartingNode, out _))
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNodeIdUnknown, Targets = [] };
        }

        var elements = path.RelativePath.Elements;
        if (elements is null || elements.Length == 0)
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNothingToDo, Targets = [] };
        }

        var current = new List<NodeId> { path.StartingNode };
        foreach (var element in elements)
        {
            if (element.TargetName.Name is null or "")
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadBrowseNameInvalid, Targets = [] };
            }

            var next = new List<NodeId>();
            foreach (var id in current)
            {
                AddressSpace.TryGetNode(id, out var node);
                foreach (var reference in node?.References ?? [])
                {
                    if (reference.IsForward == element.IsInverse
                        || !WellKnownNodes.Matches(reference.ReferenceTypeId, element.ReferenceTypeId, element.IncludeSubtypes)
                        || !AddressSpace.TryGetNode(reference.TargetId, out var target)
                        || target.BrowseName != element.TargetName)
                    {
                        continue;
                    }

                    next.Add(target.NodeId);
                }
            }

            if (next.Count == 0)
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadNoMatch, Targets = [] };
            }

            current = next;
        }

        return new BrowsePathResult
        {
            StatusCode = StatusCodes.Good,
            Targets = [.. current.Select(id => new BrowsePathTarget { TargetId = id, RemainingPathIndex = uint.MaxValue })],
        };
    }
}
