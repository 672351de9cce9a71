using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>
/// The activity log of a finished SQLite run, checked line by line: the CSV against the table it is copied from, and both
/// against the journal the bursts committed with them. Reads the files and the database directly, not through the writer.
/// </summary>
public static class ActivityLogChecks
{
    private static readonly string[] Header =
        ["timestamp", "phase", "instanceId", "activityId", "activityType", "activityName", "arguments", "result", "executionId", "sequence"];

    /// <summary>Call once the run has finished and <c>/api/activity-log</c> has brought the CSV up to date.</summary>
    public static void CsvTableAndJournalAgree(PatientDocsRun run, IReadOnlyList<string> instanceIds)
    {
        var records = CsvRecords.Parse(File.ReadAllText(Path.Combine(run.DataFolder, "activity-log.csv")));
        Assert.Equal(Header, records[0]);
        var csv = records.Skip(1).ToList();
        Assert.All(csv, r => Assert.Equal(Header.Length, r.Count));

        // No gap, no duplicate: the CSV's sequence column counts 1, 2, 3… in file order.
        var sequences = csv.Select(r => long.Parse(r[9], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, csv.Count).Select(n => (long)n), sequences);

        // The CSV is the table, line for line.
        using var connection = Open(run);
        var table = ReadTable(connection);
        Assert.All(table, row => Assert.False(string.IsNullOrEmpty(row[9]), $"table line of {row[2]} {row[3]} {row[1]} was never numbered"));
        Assert.Equal(csv.Count, table.Count);
        var tableBySequence = table.ToDictionary(row => long.Parse(row[9], CultureInfo.InvariantCulture));
        foreach (var line in csv)
        {
            Assert.Equal(tableBySequence[long.Parse(line[9], CultureInfo.InvariantCulture)], line);
        }

        // Every line is an execution's start or finish as the journal recorded it, once; and nothing the journal has is missing.
        Assert.Equal(0, Count(connection, "SELECT COUNT(*) FROM journal WHERE event_name = 'JournalTruncated'"));
        var journal = ReadJournal(connection);
        var logged = csv.Select(r => (Instance: r[2], Execution: r[8], Phase: r[1])).ToList();
        Assert.Equal(logged.Count, logged.Distinct().Count());
        Assert.Equal(journal.Order().ToList(), logged.Order().ToList());

        // The run's instances finished, so each of their executions started once and finished once, and every line is named.
        var wanted = instanceIds.ToHashSet(StringComparer.Ordinal);
        var ofRun = csv.Where(r => wanted.Contains(r[2])).ToList();
        Assert.Equal(wanted, ofRun.Select(r => r[2]).ToHashSet(StringComparer.Ordinal));
        foreach (var execution in ofRun.GroupBy(r => (r[2], r[8])))
        {
            var phases = execution.Select(r => r[1]).ToList();
            Assert.True(
                phases.Count == 2 && phases[0] == "Started" && phases[1] is "Completed" or "Faulted",
                $"{execution.Key}: {string.Join(", ", phases)}");
        }

        Assert.All(csv, r => Assert.False(string.IsNullOrWhiteSpace(r[5]), $"line {r[9]} ({r[4]}) has no activity name"));
        Assert.All(csv, r => JsonNode.Parse(r[6]));
        Assert.All(csv, r => Assert.True(
            DateTimeOffset.TryParseExact(r[0], "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), r[0]));
    }

    /// <summary>
    /// For any store: the CSV in <paramref name="dataFolder"/> counts 1, 2, 3… with no line twice, and for each instance it
    /// holds exactly the lines <c>/api/activity-log</c> reads from the table, each execution started once and finished once.
    /// </summary>
    public static async Task CsvMatchesTheApiAsync(HttpClient client, string dataFolder, IReadOnlyList<string> instanceIds)
    {
        // Reading the log through the API brings the CSV up to date first.
        var fromApi = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var instanceId in instanceIds)
        {
            var body = JsonNode.Parse(await client.GetStringAsync($"/api/activity-log?instanceId={Uri.EscapeDataString(instanceId)}"))!;
            fromApi[instanceId] = body["items"]!.AsArray().Select(i => $"{i!["sequence"]} {i["phase"]} {i["executionId"]} {i["activityName"]}").ToList();
        }

        var records = CsvRecords.Parse(await File.ReadAllTextAsync(Path.Combine(dataFolder, "activity-log.csv")));
        Assert.Equal(Header, records[0]);
        var csv = records.Skip(1).ToList();
        Assert.All(csv, r => Assert.Equal(Header.Length, r.Count));
        Assert.Equal(Enumerable.Range(1, csv.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), csv.Select(r => r[9]));
        Assert.All(csv, r => Assert.False(string.IsNullOrWhiteSpace(r[5]), $"line {r[9]} ({r[4]}) has no activity name"));
        foreach (var instanceId in instanceIds)
        {
            var lines = csv.Where(r => r[2] == instanceId).ToList();
            Assert.Equal(fromApi[instanceId], lines.Select(r => $"{r[9]} {r[1]} {r[8]} {r[5]}"));
            foreach (var execution in lines.GroupBy(r => r[8]))
            {
                Assert.Equal(["Started", "Completed"], execution.Select(r => r[1]));
            }
        }
    }

    private static SqliteConnection Open(PatientDocsRun run)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(run.DataFolder, "patientdocs.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Each table row as the CSV writes it.</summary>
    private static List<IReadOnlyList<string>> ReadTable(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT timestamp, phase, instance_id, activity_id, activity_type, activity_name, arguments, result, activity_execution_id, sequence FROM activity_log ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyList<string>>();
        while (reader.Read())
        {
            rows.Add(
            [
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                .. Enumerable.Range(1, 8).Select(i => reader.IsDBNull(i) ? "" : reader.GetString(i)),
                reader.IsDBNull(9) ? "" : reader.GetInt64(9).ToString(CultureInfo.InvariantCulture),
            ]);
        }

        return rows;
    }

    private static List<(string Instance, string Execution, string Phase)> ReadJournal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance_id, activity_instance_id, event_name FROM journal WHERE activity_instance_id IS NOT NULL AND event_name IN ('Started', 'Completed', 'Faulted')";
        using var reader = command.ExecuteReader();
        var records = new List<(string, string, string)>();
        while (reader.Read())
        {
            records.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return records;
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
