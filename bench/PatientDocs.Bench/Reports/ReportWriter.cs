using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Bench.Runs;

namespace PatientDocs.Bench.Reports;

/// <summary>Writes a scenario's summary.md, raw.json and chart.html, and the run's top-level summary.md.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly string[] Colors = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];

    public static void WriteScenario(string folder, RunResult result, string machine)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "raw.json"), JsonSerializer.Serialize(result, Json));
        File.WriteAllText(Path.Combine(folder, "summary.md"), Summary(result, machine));
        File.WriteAllText(Path.Combine(folder, "chart.html"), Chart(result));
    }

    public static void WriteIndex(
        string folder, IReadOnlyList<RunResult> results, IReadOnlyList<string> failures, string machine, string command, IReadOnlyList<CapacityResult>? capacity = null,
        IReadOnlyList<StateLanguageResult>? stateLanguage = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# PatientDocs bench");
        md.AppendLine();
        md.AppendLine(Inv($"Machine: {machine}. Command: `{command}`."));
        if (results.Count > 0 || (capacity is not { Count: > 0 } && stateLanguage is not { Count: > 0 }))
        {
            md.AppendLine();
            md.AppendLine("| scenario | store | patients | TimeScale | makespan s | bound s | ratio | violations | lost | duplicated | p95 latency s | peak RSS MB | CPU s |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                md.AppendLine(Inv($"| [{r.Scenario}]({r.Scenario}/summary.md) | {r.Store} | {r.Patients} | {r.TimeScale} | {r.MakespanSeconds:0.0} | {r.Bound.Scaled(r.TimeScale):0.0} | {r.Ratio:0.000} | {r.Violations} | {r.Lost} | {r.Duplicated} | {r.Latency.P95:0.0} | {r.PeakRssMb:0} | {r.CpuSeconds:0.0} |"));
            }
        }

        md.Append(CapacityReportWriter.IndexSection(capacity ?? []));
        md.Append(StateLanguageReportWriter.IndexSection(stateLanguage ?? []));
        foreach (var failure in failures)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Failed: {failure}");
        }

        File.WriteAllText(Path.Combine(folder, "summary.md"), md.ToString());
    }

    private static string Summary(RunResult r, string machine)
    {
        var bound = r.Bound;
        var scaled = bound.Scaled(r.TimeScale);
        var md = new StringBuilder();
        md.AppendLine(Inv($"# Bench: {r.Scenario}"));
        md.AppendLine();
        md.AppendLine(Inv($"{r.Patients} patients, TimeScale {r.TimeScale}, store {r.Store}, machine {machine}. Chart: [chart.html](chart.html); raw data: [raw.json](raw.json)."));
        md.AppendLine();
        md.AppendLine("## Makespan against the physical bound");
        md.AppendLine();
        md.AppendLine(Inv($"- Makespan: **{r.MakespanSeconds:0.0} s** (bulk start request to the last instance's finishedAt){(r.TimedOut ? " — **timed out**" : "")}."));
        if (r.ClockStepSeconds is { } step)
        {
            md.AppendLine(Inv($"- **Not comparable: the machine's wall clock moved {step:0.00} s more than its monotonic clock during the run.** The makespan, head and slack are read on wall clocks; the server's windows run on the wall clock and the simulators' on the monotonic one, so their counts disagree by that step."));
        }

        md.AppendLine(Inv($"- Bound T_min = max(6·N·(1+f), N·f·F̄·d/C, N·4/10, N·p̄/10){(bound.OutageSeconds > 0 ? " + outage" : "")} / TimeScale = **{scaled:0.0} s**; ratio **{r.Ratio:0.000}** (1.00 is the physical limit)."));
        md.AppendLine(Inv($"  - f = {bound.Found:0.###} ({(r.FoundMeasured ? "measured: TaskTracker items with DOCUMENTS FOUND" : "configured")}), F̄ = {bound.MeanFiles:0.##} files ({(r.MeanFilesMeasured ? "measured: PDFs in the data folder per found patient" : "configured or unknown")}), d = {bound.ConvertSeconds:0.###} s, C = {bound.ConversionSlots}, p̄ = {bound.PollsPerPatient:0.##} polls per patient (measured)."));
        md.AppendLine(Inv($"  - DocumentExchange {bound.DocumentExchange:0} s, conversion {bound.Conversion:0} s, TaskTracker {bound.TaskTracker:0} s, polls {bound.Polls:0} s (unscaled){(bound.OutageSeconds > 0 ? Inv($", plus the {bound.OutageSeconds:0} s DocumentExchange outage") : "")}; **{bound.Binding}** binds."));
        md.AppendLine("  - Head and tail are not in the bound: the first patient's search → job → download chain before the first window is full, and the last patient's job, download, conversion and TaskTracker updates after the last DocumentExchange request. At small N they dominate the ratio.");
        if (r.Split is { } split)
        {
            var mean = split.MeanSlackMs is { } m ? Inv($", {m:0.0} ms a request on average") : "";
            md.AppendLine(Inv($"  - Where the makespan went, cut at DocumentExchange's first and last search or download as its simulator saw them: head **{split.HeadSeconds:0.00} s** (bulk start → first request), paced **{split.PacedSeconds:0.00} s** (the least the window allows for its requests), slack **{split.SlackSeconds:0.00} s** (how much longer they took{mean}), tail **{split.TailSeconds:0.00} s** (last request → last finish)."));
        }
        md.AppendLine();
        md.AppendLine("## Limits");
        md.AppendLine();
        md.AppendLine("| limit | permits / period (unscaled) | window (real) | most in any window | requests | violations | slack p50 / p90 (real ms) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var l in r.Limits)
        {
            var slack = l.SlackP50Ms is { } p50 ? Inv($"{p50:0.0} / {l.SlackP90Ms:0.0}") : "–";
            md.AppendLine(Inv($"| {l.Key} | {l.Permits} / {l.PeriodSeconds:0.###} s | {l.WindowSeconds:0.####} s | {l.MaxInWindow} | {l.Requests} | {l.Violations} | {slack} |"));
        }

        md.AppendLine();
        md.AppendLine(Inv($"Violations counted by the simulators: **{r.Violations}**."));
        md.AppendLine();
        md.AppendLine("## Instances");
        md.AppendLine();
        md.AppendLine(Inv($"- Started {r.Started}, finished {r.Finished}, faulted {r.Faulted}; **lost {r.Lost}** (started but not Finished, or missing); **duplicated {r.Duplicated}** (patients with more than one TaskTracker item); TaskTracker items with more than one report: {r.DuplicateReports}; instances not started by the bench: {r.ExtraInstances}."));
        md.AppendLine(Inv($"- Per-patient latency (createdAt → finishedAt, real seconds): p50 {r.Latency.P50:0.0}, p95 {r.Latency.P95:0.0}, max {r.Latency.Max:0.0} over {r.Latency.Count} instances."));
        md.AppendLine();
        AppendEta(md, r.Eta);
        AppendNodes(md, r);
        md.AppendLine("## Server");
        md.AppendLine();
        md.AppendLine(Inv($"- Peak RSS {r.PeakRssMb:0} MB (VmHWM of /proc/<pid>/status; the maximum over restarts); CPU time {r.CpuSeconds:0.0} s (utime + stime of /proc/<pid>/stat, summed over restarts)."));
        md.AppendLine(Inv($"- Database size {r.DatabaseBytes / 1024.0 / 1024.0:0.0} MB; converted files (PDFs in the data folder) {r.ConvertedFiles}."));
        if (r.ModuleStatsPath is null)
        {
            md.AppendLine("- Conversion concurrency and memory budget: **not available** — the server exposes no stats endpoint (tried "
                + string.Join(", ", ModuleStatsReader.CandidatePaths) + ").");
        }
        else
        {
            var peakMemory = ModuleStatsReader.Find(r.ModuleStats, ModuleStatsReader.PeakMemoryMbNames);
            var budget = ModuleStatsReader.Find(r.ModuleStats, ModuleStatsReader.BudgetMbNames);
            md.AppendLine(Inv($"- Peak concurrent conversions {(r.PeakConversions is { } p ? p.ToString("0", CultureInfo.InvariantCulture) : "n/a")} (from {r.ModuleStatsPath}); peak declared memory {(peakMemory is { } m ? Inv($"{m / 1024:0.00} GB") : "n/a")}{(budget is { } b ? Inv($" of a {b / 1024:0.##} GB budget") : "")}."));
            md.AppendLine();
            md.AppendLine("```json");
            md.AppendLine(r.ModuleStats?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            md.AppendLine("```");
        }

        md.AppendLine();
        ReportWriter.AppendEventsAndSummary(md, r.Events, r.SummaryLine);
        return md.ToString();
    }

    private static string Chart(RunResult r)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PatientDocs bench: " + r.Scenario + "</title>");
        html.AppendLine("<style>body{font-family:sans-serif;margin:20px;max-width:900px} p{color:#444}</style></head><body>");
        html.AppendLine(Inv($"<h1>{r.Scenario}: {r.Patients} patients, TimeScale {r.TimeScale}, {r.Store}</h1>"));
        html.AppendLine(Inv($"<p>Makespan {r.MakespanSeconds:0.0} s, bound {r.Bound.Scaled(r.TimeScale):0.0} s, ratio {r.Ratio:0.000}; violations {r.Violations}; lost {r.Lost}; duplicated {r.Duplicated}.</p>"));

        var finished = r.Samples.Select(s => (s.ElapsedSeconds, (double)s.Finished)).ToList();
        var running = r.Samples.Select(s => (s.ElapsedSeconds, (double)s.Running)).ToList();
        html.AppendLine(SvgChart.Render("Patients over time", "seconds since bulk start", "instances",
            [new("finished", Colors[1], finished), new("running", Colors[0], running)],
            [new("all patients", "#999", r.Patients, true)]));

        var i = 0;
        foreach (var limit in r.Limits)
        {
            var windowReal = limit.WindowSeconds;
            var points = new List<(double, double)>();
            for (var k = 1; k < r.Samples.Count; k++)
            {
                var a = r.Samples[k - 1];
                var b = r.Samples[k];
                var dt = b.ElapsedSeconds - a.ElapsedSeconds;
                if (dt <= 0)
                {
                    continue;
                }

                var delta = b.LimitRequests.GetValueOrDefault(limit.Key) - a.LimitRequests.GetValueOrDefault(limit.Key);
                points.Add((b.ElapsedSeconds, delta / dt * windowReal));
            }

            html.AppendLine(SvgChart.Render(Inv($"{limit.Key}: requests per window ({limit.Permits} per {limit.PeriodSeconds:0.###} s unscaled)"),
                "seconds since bulk start", "requests per window",
                [new("requests per window, averaged over each sample", Colors[i++ % Colors.Length], points)],
                [new(Inv($"limit {limit.Permits}"), "#d62728", limit.Permits, false), new(Inv($"most in any window {limit.MaxInWindow} (simulator)"), "#555", limit.MaxInWindow, true)]));
        }

        html.AppendLine("<p>Requests per window are averaged over each sampling interval from the simulators' cumulative counters; the exact most-in-any-window figure is the simulator's own count.</p>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    /// <summary>The nodes scenario: how many servers shared the database and storage, and whether storage matches what TaskTracker was told.</summary>
    private static void AppendNodes(StringBuilder md, RunResult r)
    {
        if (r.Nodes is not { } nodes)
        {
            return;
        }

        md.AppendLine("## Nodes");
        md.AppendLine();
        md.AppendLine(Inv($"- {nodes} server processes on one PostgreSQL database and one storage root; one SIGKILLed and started again (see Events). Peak RSS below is the largest node's, CPU time the sum over every node and restart."));
        if (r.DocumentProblems is { } problems)
        {
            md.AppendLine(Inv($"- Storage checked against TaskTracker per patient (one item; found: a PDF for every extracted file, one report equal to the stored report.txt listing exactly those PDFs; not found: no report, no folder): **{problems.Count} wrong** of {r.Patients}."));
            foreach (var problem in problems.Take(20))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"  - {problem}");
            }
        }

        md.AppendLine();
    }

    /// <summary>The ETA each patient was given shortly after start (GET /api/workflow-instances/{id}/eta) against its actual finish.</summary>
    private static void AppendEta(StringBuilder md, EtaAccuracy? eta)
    {
        if (eta is null)
        {
            return;
        }

        md.AppendLine("## ETA accuracy");
        md.AppendLine();
        md.AppendLine(Inv($"- Asked once per patient shortly after start (median {eta.MedianAskedAfterStartSeconds:0.0} s after the bulk start, once it had a queue position): {eta.Asked} answers, {eta.Compared} compared with a finish."));
        md.AppendLine(Inv($"- Absolute error |etaAt − finishedAt|: median **{eta.MedianAbsSeconds:0.0} s**, p90 **{eta.P90AbsSeconds:0.0} s** (real seconds); relative to the time left when asked: median {eta.MedianRelative:P0}, p90 {eta.P90Relative:P0}."));
        md.AppendLine(Inv($"- Signed median (etaAt − finishedAt) {eta.MedianSignedSeconds:0.0} s (negative: finished later than estimated); lower bound held for {eta.LowerBoundHeld} of {eta.Compared}."));
        md.AppendLine("- Bases: " + string.Join(", ", eta.Bases.OrderByDescending(b => b.Value).Select(b => Inv($"{b.Key} {b.Value}"))) + ".");
        md.AppendLine();
    }

    /// <summary>The closing sections every scenario's summary shares: its events, then its machine-readable line.</summary>
    internal static void AppendEventsAndSummary(StringBuilder md, IEnumerable<string> events, string summaryLine)
    {
        md.AppendLine("## Events");
        md.AppendLine();
        foreach (var e in events)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {e}");
        }

        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(summaryLine);
        md.AppendLine("```");
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
