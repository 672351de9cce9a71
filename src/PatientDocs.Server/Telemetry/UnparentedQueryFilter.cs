using System.Diagnostics;
using OpenTelemetry;

namespace PatientDocs.Server.Telemetry;

/// <summary>
/// Drops database spans that have no parent: the workers' polls (lease, claim, summarize) run every second on every node and
/// would each start a trace of their own. A query made inside a request, a burst or a task attempt keeps its parent and is kept.
/// </summary>
internal sealed class UnparentedQueryFilter : BaseProcessor<Activity>
{
    public const string NpgsqlSource = "Npgsql";

    public override void OnStart(Activity data)
    {
        if (data.Source.Name == NpgsqlSource && data.Parent is null && data.ParentSpanId == default)
        {
            // Exporters skip an activity that is not recorded.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
