// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Describes an application (OPC 10000-4/-6).</summary>
public sealed class ApplicationDescription : IUaStructure
{
    /// <summary>Application Uri.</summary>
    public string? ApplicationUri { get; set; }

    /// <summary>Product Uri.</summary>
    public string? ProductUri { get; set; }

    /// <summary>Application Name.</summary>
    public LocalizedText ApplicationName { get; set; }

    /// <summary>Application Type.</summary>
    public ApplicationType ApplicationType { get; set; }

    /// <summary>Gateway Server Uri.</summary>
    public string? GatewayServerUri { get; set; }

    /// <summary>Discovery Profile Uri.</summary>
    public string? DiscoveryProfileUri { get; set; }

    /// <summary>Discovery Urls.</summary>
    public string?[]? DiscoveryUrls { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(ApplicationUri);
        w.WriteString(ProductUri);
        w.WriteLocalizedText(ApplicationName);
        w.WriteInt32((int)ApplicationType);
        w.WriteString(GatewayServerUri);
        w.WriteString(DiscoveryProfileUri);
        w.WriteArray(DiscoveryUrls, static (x, v) => x.WriteString(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ApplicationUri = r.ReadString();
        ProductUri = r.ReadString();
        ApplicationName = r.ReadLocalizedText();
        ApplicationType = (ApplicationType)r.ReadInt32();
        GatewayServerUri = r.ReadString();
        DiscoveryProfileUri = r.ReadString();
        DiscoveryUrls = r.ReadArray("DiscoveryUrls", static (ref UaBinaryReader x) => x.ReadString(), DiscoveryUrls);
    }
}
