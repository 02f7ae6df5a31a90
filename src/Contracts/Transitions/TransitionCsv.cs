using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>
/// CSV export and import of transition stores, for historians, spreadsheets and other tools. One header line,
/// one row per step; vector columns are named <c>obs:TAG</c>, <c>proposed:TAG</c>, <c>applied:TAG</c>,
/// <c>reward:COMPONENT</c> and <c>next:TAG</c>, so the header alone defines the store layout. Reals are written
/// in round-trip form, so export then import reproduces every value exactly.
/// </summary>
public static class TransitionCsv
{
    private static readonly string[] FixedHead = ["run_id", "policy_id", "policy_version", "episode", "step", "timestamp_utc"];
    private static readonly string[] FixedTail = ["mode", "flags", "interventions"];

    /// <summary>The header line for a layout.</summary>
    public static string Header(StoreLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var columns = new List<string>(FixedHead);
        columns.AddRange(layout.ObservationTags.Select(t => "obs:" + t));
        columns.AddRange(layout.ActionTags.Select(t => "proposed:" + t));
        columns.AddRange(layout.ActionTags.Select(t => "applied:" + t));
        columns.Add("reward");
        columns.AddRange(layout.RewardComponents.Select(t => "reward:" + t));
        columns.AddRange(layout.ObservationTags.Select(t => "next:" + t));
        columns.AddRange(FixedTail);
        return string.Join(',', columns);
    }

    /// <summary>Writes the rows of <paramref name="store"/> matching <paramref name="query"/>; returns the row count.</summary>
    public static long Export(TransitionStore store, TextWriter writer, TransitionQuery? query = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(Header(store.Layout));
        var line = new StringBuilder(512);
        long rows = 0;
        foreach (var r in store.Read(query))
        {
            line.Clear();
            line.Append(Quote(r.RunId)).Append(',').Append(Quote(r.PolicyId)).Append(',')
                .Append(r.PolicyVersion.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Episode.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.TimestampUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            AppendValues(line, r.Observation);
            AppendValues(line, r.ProposedAction);
            AppendValues(line, r.AppliedAction);
            AppendValues(line, [r.Reward]);
            AppendValues(line, r.RewardComponents);
            if (r.NextObservation is null)
            {
                line.Append(',', store.Layout.ObservationTags.Count);
            }
            else
            {
                AppendValues(line, r.NextObservation);
            }

            line.Append(',').Append(Quote(r.Mode)).Append(',').Append(FormatFlags(r.Flags)).Append(',');
            if (r.Interventions.Count > 0)
            {
                line.Append(Quote(JsonSerializer.Serialize(r.Interventions)));
            }

            writer.WriteLine(line);
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// Reads CSV rows into <paramref name="target"/> (whose layout must match the header), appending in
    /// batches of <paramref name="batchSize"/>. Returns the number of rows imported. A malformed row stops the
    /// import with an error naming the source, line and column; rows of earlier batches stay imported.
    /// </summary>
    public static long Import(TextReader reader, string sourceName, TransitionStore target, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(target);
        var header = reader.ReadLine() ?? throw new TransitionStoreException($"{sourceName}: empty file, expected a header line");
        var layout = ParseHeader(header, sourceName);
        if (!layout.SameAs(target.Layout))
        {
            throw new TransitionStoreException($"{sourceName}: header describes {layout}, but the store {target.Path} holds {target.Layout}");
        }

        var columns = SplitLine(header, sourceName, 1);
        var batch = new List<TransitionRecord>(batchSize);
        long imported = 0;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            batch.Add(ParseRow(SplitLine(line, sourceName, lineNumber), columns, layout, sourceName, lineNumber));
            if (batch.Count == batchSize)
            {
                target.Append(batch);
                imported += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            target.Append(batch);
            imported += batch.Count;
        }

        return imported;
    }

    /// <summary>The store layout a CSV header describes; throws naming the column at fault.</summary>
    public static StoreLayout ParseHeader(string header, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = SplitLine(header, sourceName, 1);
        var observation = new List<string>();
        var proposed = new List<string>();
        var applied = new List<string>();
        var components = new List<string>();
        var next = new List<string>();
        var position = 0;
        foreach (var expected in FixedHead)
        {
            Expect(expected);
        }

        Collect("obs:", observation);
        Collect("proposed:", proposed);
        Collect("applied:", applied);
        Expect("reward");
        Collect("reward:", components);
        Collect("next:", next);
        foreach (var expected in FixedTail)
        {
            Expect(expected);
        }

        if (position != columns.Length)
        {
            throw new TransitionStoreException($"{sourceName}: header column {position + 1} '{columns[position]}' is unexpected after 'interventions'");
        }

        if (!proposed.SequenceEqual(applied, StringComparer.Ordinal))
        {
            throw new TransitionStoreException($"{sourceName}: header: proposed:* columns [{string.Join(", ", proposed)}] differ from applied:* columns [{string.Join(", ", applied)}]");
        }

        if (!next.SequenceEqual(observation, StringComparer.Ordinal))
        {
            throw new TransitionStoreException($"{sourceName}: header: next:* columns [{string.Join(", ", next)}] differ from obs:* columns [{string.Join(", ", observation)}]");
        }

        var layout = new StoreLayout(observation, proposed, components);
        try
        {
            layout.Validate();
        }
        catch (TransitionStoreException e)
        {
            throw new TransitionStoreException($"{sourceName}: header: {e.Message}", e);
        }

        return layout;

        void Expect(string name)
        {
            if (position >= columns.Length || columns[position] != name)
            {
                var found = position < columns.Length ? $"'{columns[position]}'" : "the end of the line";
                throw new TransitionStoreException($"{sourceName}: header column {position + 1}: expected '{name}', found {found}");
            }

            position++;
        }

        void Collect(string prefix, List<string> into)
        {
            while (position < columns.Length && columns[position].StartsWith(prefix, StringComparison.Ordinal))
            {
                into.Add(columns[position][prefix.Length..]);
                position++;
            }
        }
    }

    private static TransitionRecord ParseRow(string[] cells, string[] columns, StoreLayout layout, string source, int line)
    {
        if (cells.Length != columns.Length)
        {
            throw new TransitionStoreException($"{source} line {line}: {cells.Length} columns, the header has {columns.Length}");
        }

        var i = 0;
        string Text() => cells[i++];
        long Integer()
        {
            var column = i;
            return long.TryParse(cells[i++], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Bad(column, "is not an integer");
        }

        double Real()
        {
            var column = i;
            return double.TryParse(cells[i++], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Bad(column, "is not a number");
        }

        double[] Reals(int count)
        {
            var values = new double[count];
            for (var k = 0; k < count; k++)
            {
                values[k] = Real();
            }

            return values;
        }

        TransitionStoreException Bad(int column, string problem) =>
            new($"{source} line {line}, column '{columns[column]}': '{cells[column]}' {problem}");

        var runId = Text();
        var policyId = Text();
        var version = (int)Integer();
        var episode = Integer();
        var step = Integer();
        var timeColumn = i;
        if (!DateTimeOffset.TryParse(Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw Bad(timeColumn, "is not an ISO 8601 timestamp");
        }

        var observation = Reals(layout.ObservationTags.Count);
        var proposed = Reals(layout.ActionTags.Count);
        var applied = Reals(layout.ActionTags.Count);
        var reward = Real();
        var components = Reals(layout.RewardComponents.Count);
        double[]? next = null;
        if (cells.Skip(i).Take(layout.ObservationTags.Count).All(string.IsNullOrEmpty))
        {
            i += layout.ObservationTags.Count;
        }
        else
        {
            next = Reals(layout.ObservationTags.Count);
        }

        var mode = Text();
        var flagsColumn = i;
        var flags = ParseFlags(Text()) ?? throw Bad(flagsColumn, $"is not a set of flags ({string.Join(", ", Enum.GetNames<TransitionFlags>())}, separated by '|')");
        var interventionsColumn = i;
        var interventionsText = Text();
        IReadOnlyList<Intervention> interventions = [];
        if (interventionsText.Length > 0)
        {
            try
            {
                interventions = JsonSerializer.Deserialize<List<Intervention>>(interventionsText) ?? [];
            }
            catch (JsonException)
            {
                throw Bad(interventionsColumn, "is not a JSON list of {\"Unit\",\"Reason\"} objects");
            }
        }

        return new TransitionRecord
        {
            RunId = runId,
            PolicyId = policyId,
            PolicyVersion = version,
            Episode = episode,
            Step = step,
            TimestampUtc = time,
            Observation = observation,
            ProposedAction = proposed,
            AppliedAction = applied,
            Reward = reward,
            RewardComponents = components,
            NextObservation = next,
            Mode = mode,
            Flags = flags,
            Interventions = interventions,
        };
    }

    private static string FormatFlags(TransitionFlags flags) =>
        flags == TransitionFlags.None ? "None" : flags.ToString().Replace(", ", "|", StringComparison.Ordinal);

    private static TransitionFlags? ParseFlags(string text)
    {
        var flags = TransitionFlags.None;
        foreach (var part in text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<TransitionFlags>(part, ignoreCase: false, out var flag) || !Enum.IsDefined(flag) || int.TryParse(part, out _))
            {
                return null;
            }

            flags |= flag;
        }

        return flags;
    }

    private static void AppendValues(StringBuilder line, double[] values)
    {
        foreach (var v in values)
        {
            line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string[] SplitLine(string line, string source, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var k = 0; k < line.Length; k++)
        {
            var c = line[k];
            if (quoted)
            {
                if (c == '"' && k + 1 < line.Length && line[k + 1] == '"')
                {
                    cell.Append('"');
                    k++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw new TransitionStoreException($"{source} line {lineNumber}: a quoted field is not closed");
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
