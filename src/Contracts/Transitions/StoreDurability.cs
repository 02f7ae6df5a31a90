namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>How hard an append waits for the disk (SQLite's synchronous setting under WAL).</summary>
public enum StoreDurability
{
    /// <summary>Every acknowledged append survives a crash of the process or of the machine (synchronous=FULL). The controller's default.</summary>
    Full,

    /// <summary>Survives a process crash; the last appends may be lost on power failure (synchronous=NORMAL). For regenerable data.</summary>
    Normal,
}
