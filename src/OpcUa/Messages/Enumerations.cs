namespace IndustrialSafeRL.OpcUa.Messages;

#pragma warning disable CS1591 // the member names are the documentation (OPC 10000-4 enumerations)

/// <summary>Application kind.</summary>
public enum ApplicationType { Server = 0, Client = 1, ClientAndServer = 2, DiscoveryServer = 3 }

/// <summary>User identity token kind.</summary>
public enum UserTokenType { Anonymous = 0, UserName = 1, Certificate = 2, IssuedToken = 3 }

/// <summary>Message security mode of a channel.</summary>
public enum MessageSecurityMode { Invalid = 0, None = 1, Sign = 2, SignAndEncrypt = 3 }

/// <summary>OpenSecureChannel request type.</summary>
public enum SecurityTokenRequestType { Issue = 0, Renew = 1 }

/// <summary>Which timestamps a Read or monitored item returns.</summary>
public enum TimestampsToReturn { Source = 0, Server = 1, Both = 2, Neither = 3, Invalid = 4 }

/// <summary>Browse direction.</summary>
public enum BrowseDirection { Forward = 0, Inverse = 1, Both = 2, Invalid = 3 }

/// <summary>Node class (bit values).</summary>
public enum NodeClass { Unspecified = 0, Object = 1, Variable = 2, Method = 4, ObjectType = 8, VariableType = 16, ReferenceType = 32, DataType = 64, View = 128 }

/// <summary>Monitoring mode.</summary>
public enum MonitoringMode { Disabled = 0, Sampling = 1, Reporting = 2 }

/// <summary>Data change trigger of a DataChangeFilter.</summary>
public enum DataChangeTrigger { Status = 0, StatusValue = 1, StatusValueTimestamp = 2 }
