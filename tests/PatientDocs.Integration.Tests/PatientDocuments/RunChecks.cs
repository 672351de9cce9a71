using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.Simulators.DocumentExchange;

namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>What every finished run must show, whatever happened during it.</summary>
public static class RunChecks
{
    /// <summary>Database status, one TaskTracker item with the same status, and for found patients one report listing exactly the PDFs.</summary>
    public static async Task EveryPatientAsync(PatientDocsRun run, IReadOnlyList<string> knownPatients, DocumentDistribution distribution) =>
        EveryPatient(run.Patients(), await run.TrackerItemsAsync(), run.PdfNames, knownPatients, distribution);

    /// <summary>The same checks on data read by the caller: the patients table, the TaskTracker items, and each patient's PDFs in storage.</summary>
    public static void EveryPatient(
        IReadOnlyDictionary<string, (string First, string Last, string? Status)> patients,
        IReadOnlyList<JsonObject> items,
        Func<string, IReadOnlyList<string>> pdfNames,
        IReadOnlyList<string> knownPatients,
        DocumentDistribution distribution)
    {
        var itemsByPatient = items.GroupBy(i => i["patientId"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(knownPatients.Count, items.Count);
        foreach (var id in knownPatients)
        {
            var files = distribution.CountFor(DocumentDistribution.KeyFor(id, patients[id].First, patients[id].Last));
            var expected = files > 0 ? DocumentsStatus.Found : DocumentsStatus.NotFound;
            Assert.True(expected == patients[id].Status, $"{id}: database status {patients[id].Status}, expected {expected}");

            var item = Assert.Single(itemsByPatient[id]);
            Assert.Equal(expected, item["status"]!.GetValue<string>());
            Assert.Equal(patients[id].First, item["firstName"]!.GetValue<string>());

            var pdfs = pdfNames(id);
            Assert.True(files == pdfs.Count, $"{id}: {pdfs.Count} PDFs, archive had {files} files");
            var reports = item["reports"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            if (files == 0)
            {
                Assert.Empty(reports);
                continue;
            }

            var report = Assert.Single(reports);
            var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"Converted documents of patient {id}: {files}", lines[0]);
            Assert.Equal(pdfs, lines.Skip(1).Order(StringComparer.Ordinal).ToList());
        }
    }

    public static Task ZeroViolationsAsync(PatientDocsRun run) => ZeroViolationsAsync(run.Sim);

    /// <summary>Both simulators (at <paramref name="simulators"/>) counted no violation, and no window held more than its limit.</summary>
    public static async Task ZeroViolationsAsync(HttpClient simulators)
    {
        foreach (var service in new[] { "document-exchange", "task-tracker" })
        {
            var stats = (await simulators.GetFromJsonAsync<JsonObject>($"/sim/{service}/stats"))!;
            Assert.True(stats["violations"]!.GetValue<long>() == 0, $"{service}: {stats.ToJsonString()}");
            foreach (var (name, limit) in stats["limits"]!.AsObject())
            {
                Assert.True(limit!["maxInWindow"]!.GetValue<long>() <= limit["permits"]!.GetValue<long>(), $"{service} {name}: {limit.ToJsonString()}");
            }
        }
    }

    /// <summary>Every activity execution of the given instances has one Started line and one finish line, as in the table and the journal.</summary>
    public static void ActivityLogComplete(PatientDocsRun run, IReadOnlyList<string> instanceIds) =>
        ActivityLogChecks.CsvTableAndJournalAgree(run, instanceIds);
}
