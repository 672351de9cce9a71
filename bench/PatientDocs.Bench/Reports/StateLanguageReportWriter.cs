using System.Text;
using System.Text.Json;
using PatientDocs.Bench.Runs;

namespace PatientDocs.Bench.Reports;

/// <summary>Writes the state-language scenario's summary.md and raw.json, and its rows in the run's top-level summary.md.</summary>
public static class StateLanguageReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteScenario(string folder, StateLanguageResult result, string machine)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "raw.json"), JsonSerializer.Serialize(result, Json));
        File.WriteAllText(Path.Combine(folder, "summary.md"), Summary(result, machine));
    }

    /// <summary>The state-language table of the top-level summary.md; empty when the run had no such scenario.</summary>
    public static string IndexSection(IReadOnlyList<StateLanguageResult> results)
    {
        if (results.Count == 0)
        {
            return "";
        }

        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("| state language | store | executions | ended as expected | executions/s | p95 execution ms | p95 step ms | p95 transition ms | peak RSS MB | CPU s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var m = r.Measures;
            md.AppendLine(Inv($"| [{r.Scenario}]({r.Scenario}/summary.md) | {r.Provider} | {r.Executions} | {r.Paths.Sum(p => p.AsExpected)} | {m.ExecutionsPerSecond:0.0} | {m.ExecutionMs.P95:0} | {m.StepMs.P95:0.0} | {m.TransitionMs.P95:0.0} | {r.PeakRssMb:0} | {r.CpuSeconds:0.0} |"));
        }

        return md.ToString();
    }

    private static string Summary(StateLanguageResult r, string machine)
    {
        var m = r.Measures;
        var md = new StringBuilder();
        md.AppendLine("# Bench: state-language");
        md.AppendLine();
        md.AppendLine(Inv($"Store {r.Provider}, machine {machine}; `PatientDocs__TimeScale={r.TimeScale}` (retry intervals of 1 s × multiplier become milliseconds); {r.Concurrency} start requests in flight (`POST /workflow-executions`). Raw data: [raw.json](raw.json)."));
        md.AppendLine();
        md.AppendLine(r.Passed
            ? "**Passed**: every start accepted, every execution ended, each as its path must."
            : Inv($"**Failed**: {r.StartsFailed} starts failed, {r.StillRunning} still RUNNING{(r.TimedOut ? " at the timeout" : "")}, {r.Mismatches} ended wrong, {r.StartsAccepted - m.Ended} without endedAt."));
        md.AppendLine();
        md.AppendLine("## Throughput");
        md.AppendLine();
        md.AppendLine(Inv($"- **{m.ExecutionsPerSecond:0.0} executions/s**: {m.Ended} executions ended {m.SpanSeconds:0.00} s after the first start request (the latest `endedAt`)."));
        md.AppendLine(Inv($"- {r.StartsAccepted} of {r.Executions} starts accepted ({r.StartsFailed} failed{(r.FirstStartFailure is null ? "" : "; first: " + r.FirstStartFailure)}); the server answered the last after {r.AcceptSeconds:0.00} s; the RUNNING count reached {r.StillRunning} after {r.DrainSeconds:0.0} s (polled every --sample seconds; each poll answered in {Distribution.Of(r.Samples.Select(s => s.PollMs)).P50:0} ms at the median, {Distribution.Of(r.Samples.Select(s => s.PollMs)).Max:0} ms at most)."));
        md.AppendLine(Inv($"- {r.Warmup} warm-up executions (one per path) ran and were checked before the burst; they are not in the figures."));
        md.AppendLine();
        md.AppendLine("## Outcomes");
        md.AppendLine();
        md.AppendLine("| path | expected | started | as expected |");
        md.AppendLine("|---|---|---|---|");
        foreach (var p in r.Paths)
        {
            md.AppendLine(Inv($"| {p.Path} | {p.ExpectedStatus} at `{p.ExpectedCurrentState}` | {p.Started} | {p.AsExpected} |"));
        }

        md.AppendLine();
        md.AppendLine(Inv($"Ended wrong or unreadable: **{r.Mismatches}** (status, `currentState`, `error`, the states visited in order, `endedAt` on the execution and every step, and for the payment error `process_payment` FAILED after 2 attempts)."));
        foreach (var example in r.MismatchExamples)
        {
            md.AppendLine(Inv($"- {example}"));
        }

        md.AppendLine();
        md.AppendLine("## Latency (milliseconds, nearest rank)");
        md.AppendLine();
        md.AppendLine("| figure | count | p50 | p95 | p99 | max |");
        md.AppendLine("|---|---|---|---|---|---|");
        md.AppendLine(Row("execution (`endedAt − startedAt`)", m.ExecutionMs));
        md.AppendLine(Row("execution start to its first step (`steps[0].startedAt − startedAt`)", m.FirstStepMs));
        md.AppendLine(Row("step duration, every step", m.StepMs));
        foreach (var (type, distribution) in m.StepMsByType)
        {
            md.AppendLine(Row($"step duration, {type}", distribution));
        }

        md.AppendLine(Row("step transition (next `startedAt` − previous `endedAt`)", m.TransitionMs));
        md.AppendLine();
        md.AppendLine(Inv($"Transitions with the next step starting before the previous one ended: {m.NegativeTransitions}."));
        md.AppendLine();
        AppendList(md, "Slowest executions", m.SlowestExecutions);
        AppendList(md, "Slowest steps", m.SlowestSteps);
        AppendList(md, "Slowest transitions", m.SlowestTransitions);
        md.AppendLine("## Server");
        md.AppendLine();
        md.AppendLine(Inv($"- CPU {r.CpuSeconds:0.0} s from the first start request until none was RUNNING (utime + stime); RSS {r.IdleRssMb:0} MB once healthy, peak (VmHWM) {r.PeakRssMb:0} MB; database {r.DatabaseBytes / 1024.0 / 1024.0:0.0} MB."));
        md.AppendLine("- The server runs with its own defaults otherwise (the state-language queue's slots among them); see environment.txt.");
        md.AppendLine();
        ReportWriter.AppendEventsAndSummary(md, r.Events, r.SummaryLine);
        return md.ToString();
    }

    private static string Row(string name, Distribution d) => Inv($"| {name} | {d.Count} | {d.P50:0.0} | {d.P95:0.0} | {d.P99:0.0} | {d.Max:0.0} |");

    private static void AppendList(StringBuilder md, string title, IReadOnlyList<string> lines)
    {
        md.AppendLine(Inv($"{title}:"));
        md.AppendLine();
        foreach (var line in lines)
        {
            md.AppendLine(Inv($"- {line}"));
        }

        md.AppendLine();
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
