using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// Per patient, whether what its run left in storage (<c>{Root}/{patientId}/{instanceId}/raw|pdf|report.txt</c>) is what
/// it reported: one TaskTracker item; if DOCUMENTS FOUND, a PDF for every extracted file and one report that is the stored
/// report.txt and lists exactly those PDFs; if DOCUMENTS NOT FOUND, no report and no folder.
/// </summary>
internal static class DocumentsCheck
{
    /// <returns>One line per patient that is not right; empty when every patient is.</returns>
    public static IReadOnlyList<string> Run(string storageRoot, IReadOnlyList<string> patientIds, IReadOnlyList<string> instanceIds, IReadOnlyList<TrackerItemReports> items)
    {
        var problems = new List<string>();
        var byPatient = items.GroupBy(i => i.PatientId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        for (var i = 0; i < patientIds.Count; i++)
        {
            if (Check(storageRoot, patientIds[i], instanceIds[i], byPatient.GetValueOrDefault(patientIds[i]) ?? []) is { } problem)
            {
                problems.Add($"{patientIds[i]} ({instanceIds[i]}): {problem}");
            }
        }

        return problems;
    }

    private static string? Check(string storageRoot, string patientId, string instanceId, List<TrackerItemReports> items)
    {
        if (items.Count != 1)
        {
            return $"{items.Count} TaskTracker items";
        }

        var item = items[0];
        var patientFolder = Path.Combine(storageRoot, patientId);
        var folders = Directory.Exists(patientFolder) ? Directory.GetDirectories(patientFolder).Select(Path.GetFileName).ToList() : [];
        if (item.Status == "DOCUMENTS NOT FOUND")
        {
            return item.Reports.Count > 0 || folders.Count > 0 ? $"not found, yet {item.Reports.Count} reports and {folders.Count} storage folders" : null;
        }

        if (item.Status != "DOCUMENTS FOUND")
        {
            return $"TaskTracker status '{item.Status}'";
        }

        if (folders.Count != 1 || folders[0] != instanceId)
        {
            return $"storage folders [{string.Join(", ", folders)}], expected only the instance's";
        }

        var instanceFolder = Path.Combine(patientFolder, instanceId);
        var raw = Files(Path.Combine(instanceFolder, "raw"));
        var pdfs = Files(Path.Combine(instanceFolder, "pdf"));
        var expectedPdfs = raw.Select(f => Path.ChangeExtension(f, ".pdf")).Order(StringComparer.Ordinal).ToList();
        if (raw.Count == 0 || !pdfs.SequenceEqual(expectedPdfs))
        {
            return $"{raw.Count} extracted files but {pdfs.Count} PDFs, or other names";
        }

        var marker = Path.Combine(instanceFolder, "raw.extracted");
        var extracted = File.Exists(marker) ? File.ReadAllLines(marker) : [];
        if (extracted.Length < 2 || extracted[1] != raw.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return $"the extraction marker does not say {raw.Count} files";
        }

        var reportPath = Path.Combine(instanceFolder, "report.txt");
        if (item.Reports.Count != 1 || !File.Exists(reportPath) || File.ReadAllText(reportPath) != item.Reports[0])
        {
            return $"{item.Reports.Count} TaskTracker reports; the stored report.txt {(File.Exists(reportPath) ? "differs" : "is missing")}";
        }

        var lines = item.Reports[0].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = $"Converted documents of patient {patientId}: {pdfs.Count}";
        return lines.Length == 0 || lines[0] != header || !lines.Skip(1).Order(StringComparer.Ordinal).SequenceEqual(pdfs)
            ? "the report does not list exactly the PDFs"
            : null;
    }

    private static List<string> Files(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
}
