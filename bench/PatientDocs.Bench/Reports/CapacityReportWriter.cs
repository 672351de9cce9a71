using System.Text;
using System.Text.Json;
using PatientDocs.Bench.Runs;

namespace PatientDocs.Bench.Reports;

/// <summary>Writes the capacity scenario's summary.md and raw.json, and its rows in the run's top-level summary.md.</summary>
public static class CapacityReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteScenario(string folder, CapacityResult result, string machine)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "raw.json"), JsonSerializer.Serialize(result, Json));
        File.WriteAllText(Path.Combine(folder, "summary.md"), Summary(result, machine));
    }

    /// <summary>The capacity table of the top-level summary.md; empty when the run had no capacity scenario.</summary>
    public static string IndexSection(IReadOnlyList<CapacityResult> results)
    {
        if (results.Count == 0)
        {
            return "";
        }

        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("| capacity | store | instances | starts/s | suspended RSS MB | idle RSS MB | peak RSS MB | task instances × tasks | tasks/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            md.AppendLine(Inv($"| [{r.Scenario}]({r.Scenario}/summary.md) | {r.Provider} | {r.Instances} | {r.StartsPerSecond:0.0} | {r.SuspendedRss.Mb:0} | {r.IdleRss.Mb:0} | {r.PeakRssMb:0} | {r.TaskInstances} × {r.TasksPerInstance} | {r.TasksPerSecond:0.0} |"));
        }

        return md.ToString();
    }

    private static string Summary(CapacityResult r, string machine)
    {
        var md = new StringBuilder();
        md.AppendLine("# Bench: capacity");
        md.AppendLine();
        md.AppendLine(Inv($"Store {r.Provider}, machine {machine}; {r.Concurrency} start requests in flight (`POST /elsa/api/workflow-definitions/{{id}}/dispatch`, one instance each). Raw data: [raw.json](raw.json)."));
        md.AppendLine();
        md.AppendLine("## Instance starts to a bookmark");
        md.AppendLine();
        md.AppendLine(Inv($"`{CapacityWorkflows.SuspendDefinitionId}`: Start → Event `{CapacityWorkflows.NeverEvent}` (never published), so each instance runs one burst and suspends."));
        md.AppendLine();
        md.AppendLine(Inv($"- **{r.StartsPerSecond:0.0} starts/s**: {r.Instances} requested, {r.StartsAccepted} accepted ({r.StartsFailed} requests failed), all accepted ones suspended (or faulted) **{r.SuspendSeconds:0.0} s** after the first request, as the instance list filtered by sub-status Suspended reported it (polled every 250 ms)."));
        md.AppendLine(Inv($"- The server answered the last start request after {r.AcceptSeconds:0.0} s ({(r.AcceptSeconds > 0 ? r.StartsAccepted / r.AcceptSeconds : 0):0.0} accepted/s)."));
        md.AppendLine(Inv($"- Suspended once the server had settled: {r.Suspended}; CPU during the starts {r.CpuSecondsStarts:0.0} s."));
        md.AppendLine();
        md.AppendLine("## Memory with every instance suspended");
        md.AppendLine();
        md.AppendLine(Inv($"- **RSS {r.SuspendedRss.Mb:0} MB** with {r.Suspended} suspended instances{Unsettled(r.SuspendedRss)}; idle (healthy, no instances) {r.IdleRss.Mb:0} MB{Unsettled(r.IdleRss)}, so {(r.Suspended > 0 ? (r.SuspendedRss.Mb - r.IdleRss.Mb) * 1024 / r.Suspended : 0):0.0} KB per suspended instance."));
        md.AppendLine(Inv($"- Steady value: the median of the last 5 samples, taken every second once the instances are suspended, when they agree within 2 MB or 1 % (samples: {string.Join(", ", r.SuspendedRss.SamplesMb.Select(m => Inv($"{m:0}")))} MB)."));
        md.AppendLine(Inv($"- Peak RSS (VmHWM) by then {r.PeakRssAfterStartsMb:0} MB; database {r.DatabaseBytesSuspended / 1024.0 / 1024.0:0.0} MB."));
        md.AppendLine();
        md.AppendLine("## Task activities");
        md.AppendLine();
        md.AppendLine(Inv($"`{CapacityWorkflows.TasksDefinitionId}`: Start → {r.TasksPerInstance} × `{CapacityWorkflows.TaskActivityType}` ({CapacityWorkflows.PatientId}, the database queue, no external call), run while the suspended instances stay in the store."));
        md.AppendLine();
        md.AppendLine(Inv($"- **{r.TasksPerSecond:0.0} tasks/s**: {r.TaskInstancesFinished} of {r.TaskInstances} instances finished ({r.TaskInstancesFaulted} faulted, {r.TaskStartsFailed} start requests failed) × {r.TasksPerInstance} tasks in **{r.TaskSeconds:0.0} s** from the first start request; CPU {r.CpuSecondsTasks:0.0} s."));
        md.AppendLine(Inv($"- Checked: instance {r.VerifiedInstanceId ?? "(none)"} completed {r.VerifiedTasks} of {r.TasksPerInstance} tasks (activity executions in the viewer API)."));
        md.AppendLine();
        md.AppendLine("## Server");
        md.AppendLine();
        md.AppendLine(Inv($"- Peak RSS (VmHWM) over the whole run {r.PeakRssMb:0} MB; database at the end {r.DatabaseBytes / 1024.0 / 1024.0:0.0} MB."));
        md.AppendLine("- The server runs with its own defaults (appsettings.json): instance concurrency, task slots per queue and poll interval are what it ships with; see environment.txt.");
        md.AppendLine();
        ReportWriter.AppendEventsAndSummary(md, r.Events, r.SummaryLine);
        return md.ToString();
    }

    private static string Unsettled(SteadyRss rss) => rss.Settled ? "" : " (**not settled** within 90 s: median of the last samples)";

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
