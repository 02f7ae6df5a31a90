namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>DateTime on the wire: 100-ns ticks since 1601-01-01 UTC, clamped at both ends.</summary>
public static class UaDateTime
{
    private static readonly long FileTimeEpochTicks = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MaxWireTicks = DateTime.MaxValue.Ticks - FileTimeEpochTicks;

    /// <summary>Wire value of a DateTime (MinValue and anything before 1601 is 0).</summary>
    public static long ToWire(DateTime value)
    {
        if (value == DateTime.MinValue || value.Ticks <= FileTimeEpochTicks)
        {
            return 0;
        }

        if (value == DateTime.MaxValue)
        {
            return long.MaxValue;
        }

        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return utc.Ticks - FileTimeEpochTicks;
    }

    /// <summary>DateTime of a wire value.</summary>
    public static DateTime FromWire(long ticks)
    {
        if (ticks <= 0)
        {
            return DateTime.MinValue;
        }

        if (ticks >= MaxWireTicks)
        {
            return DateTime.MaxValue;
        }

        return new DateTime(ticks + FileTimeEpochTicks, DateTimeKind.Utc);
    }
}
