using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>Attribute service set: Read and Write.</summary>
public sealed partial class UaServer
{
    /// <summary>Attribute ids (OPC 10000-6 Annex A).</summary>
    internal static class Attributes
    {
        public const uint NodeId = 1, NodeClass = 2, BrowseName = 3, DisplayName = 4, Description = 5, WriteMask = 6, UserWriteMask = 7,
            IsAbstract = 8, EventNotifier = 12, Value = 13, DataType = 14, ValueRank = 15, ArrayDimensions = 16, AccessLevel = 17,
            UserAccessLevel = 18, MinimumSamplingInterval = 19, Historizing = 20;
    }

    private IServiceResponse Read(ReadRequest request, ReadResponse? reuse = null)
    {
        var nodes = request.NodesToRead;
        if (nodes is null || nodes.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (nodes.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTimestampsToReturnInvalid);
        }

        if (request.MaxAge < 0 || double.IsNaN(request.MaxAge))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadMaxAgeInvalid);
        }

        var now = DateTime.UtcNow;
        var response = reuse ?? new ReadResponse();
        var results = response.Results is { } previous && previous.Length == nodes.Length ? previous : new DataValue[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            results[i] = ReadAttribute(nodes[i], request.TimestampsToReturn, now);
        }

        Answer(response.ResponseHeader, request.RequestHeader, now);
        response.Results = results;
        response.DiagnosticInfos = [];
        return response;
    }

    private DataValue ReadAttribute(ReadValueId item, TimestampsToReturn timestamps, DateTime now)
    {
        if (!AddressSpace.TryGetNode(item.NodeId, out var node))
        {
            return DataValue.FromStatus(StatusCodes.BadNodeIdUnknown);
        }

        if (item.IndexRange is { Length: > 0 })
        {
            return DataValue.FromStatus(StatusCodes.BadIndexRangeInvalid);
        }

        if (item.AttributeId == Attributes.Value)
        {
            if (node is not UaVariableNode variable)
            {
                return DataValue.FromStatus(StatusCodes.BadAttributeIdInvalid);
            }

            return WithTimestamps(variable.Value, timestamps, now);
        }

        Variant? value = item.AttributeId switch
        {
            Attributes.NodeId => new Variant(node.NodeId),
            Attributes.NodeClass => new Variant((int)node.NodeClass),
            Attributes.BrowseName => new Variant(node.BrowseName),
            Attributes.DisplayName => new Variant(node.DisplayName),
            Attributes.Description => new Variant(node.Description),
            Attributes.WriteMask or Attributes.UserWriteMask => new Variant(0u),
            Attributes.EventNotifier when node is UaObjectNode o => new Variant(o.EventNotifier),
            Attributes.IsAbstract when node is UaTypeNode t => new Variant(t.IsAbstract),
            Attributes.DataType when node is UaVariableNode v => new Variant(v.DataType),
            Attributes.ValueRank when node is UaVariableNode v => new Variant(v.Value.Value.IsArray ? 1 : -1),
            Attributes.ArrayDimensions when node is UaVariableNode => new Variant(Array.Empty<uint>(), BuiltInType.UInt32),
            Attributes.AccessLevel or Attributes.UserAccessLevel when node is UaVariableNode v => new Variant(v.AccessLevel),
            Attributes.MinimumSamplingInterval when node is UaVariableNode v => new Variant(v.MinimumSamplingInterval),
            Attributes.Historizing when node is UaVariableNode => new Variant(false),
            _ => null,
        };
        return value is { } v2 ? new DataValue(v2) : DataValue.FromStatus(StatusCodes.BadAttributeIdInvalid);
    }

    internal static DataValue WithTimestamps(DataValue value, TimestampsToReturn timestamps, DateTime now) => timestamps switch
    {
        TimestampsToReturn.Source => new DataValue(value.Value, value.StatusCode, value.SourceTimestamp),
        TimestampsToReturn.Server => new DataValue(value.Value, value.StatusCode, serverTimestamp: now),
        TimestampsToReturn.Neither => new DataValue(value.Value, value.StatusCode),
        _ => new DataValue(value.Value, value.StatusCode, value.SourceTimestamp, now),
    };

    private static void Answer(ResponseHeader header, RequestHeader request, DateTime now)
    {
        header.Timestamp = now;
        header.RequestHandle = request.RequestHandle;
        header.ServiceResult = StatusCodes.Good;
        header.ServiceDiagnostics = null;
        header.StringTable = [];
        header.AdditionalHeader = default;
    }

    private IServiceResponse Write(WriteRequest request, WriteResponse? reuse = null)
    {
        var nodes = request.NodesToWrite;
        if (nodes is null || nodes.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (nodes.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        var now = DateTime.UtcNow;
        var response = reuse ?? new WriteResponse();
        var results = response.Results is { } previous && previous.Length == nodes.Length ? previous : new uint[nodes.Length];
        _written.Clear();
        for (var i = 0; i < nodes.Length; i++)
        {
            var status = CheckWrite(nodes[i], out var variable);
            results[i] = status;
            if (status == StatusCodes.Good)
            {
                AddressSpace.SetValue(variable!, nodes[i].Value.Value, now);
                _written.Add(variable!);
            }
        }

        if (_written.Count > 0 && ValuesWritten is { } hook)
        {
            hook(_writeBatch);
        }

        Answer(response.ResponseHeader, request.RequestHeader, now);
        response.Results = results;
        response.DiagnosticInfos = [];
        return response;
    }

    private uint CheckWrite(WriteValue item, out UaVariableNode? variable)
    {
        variable = null;
        if (!AddressSpace.TryGetNode(item.NodeId, out var node))
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        if (item.AttributeId != Attributes.Value)
        {
            return item.AttributeId is >= 1 and <= 22 ? StatusCodes.BadNotWritable : StatusCodes.BadAttributeIdInvalid;
        }

        if (node is not UaVariableNode v)
        {
            return StatusCodes.BadAttributeIdInvalid;
        }

        if (!v.IsWritable)
        {
            return StatusCodes.BadNotWritable;
        }

        if (item.IndexRange is { Length: > 0 })
        {
            return StatusCodes.BadWriteNotSupported;
        }

        if ((item.Value.EncodingMask & ~0x01) != 0)
        {
            return StatusCodes.BadWriteNotSupported;
        }

        var value = item.Value.Value;
        if (value.Type != v.ValueType || value.IsArray)
        {
            return StatusCodes.BadTypeMismatch;
        }

        if (v.Range is { } range && value.TryGetDouble(out var x) && (x < range.Low || x > range.High || double.IsNaN(x)))
        {
            return StatusCodes.BadOutOfRange;
        }

        variable = v;
        return StatusCodes.Good;
    }
}
