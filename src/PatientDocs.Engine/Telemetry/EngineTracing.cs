using System.Diagnostics;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Telemetry;

/// <summary>
/// The engine's spans: one per burst, one per task attempt (a child of the burst that enqueued the task, through
/// <see cref="TaskTraceContext"/>); outbound HTTP calls made inside an attempt become its children. Null without a listener.
/// </summary>
public static class EngineTracing
{
    public const string InstanceIdTag = "patientdocs.instance.id";
    public const string DefinitionIdTag = "patientdocs.workflow.definition_id";
    public const string TaskIdTag = "patientdocs.task.id";
    public const string QueueTag = "patientdocs.task.queue";
    public const string ActivityTypeTag = "patientdocs.activity.type";
    public const string OutcomeTag = "patientdocs.task.outcome";

    public static Activity? StartBurst(InstanceRecord instance, WorkItemRecord item)
    {
        var source = EngineDiagnostics.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        var span = source.StartActivity($"burst {instance.DefinitionId}", ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(InstanceIdTag, instance.Id);
            span.SetTag(DefinitionIdTag, instance.DefinitionId);
            span.SetTag("patientdocs.workflow.version", instance.Version);
            span.SetTag("patientdocs.work_item.kind", item.Kind.ToString());
        }

        return span;
    }

    public static void EndBurst(Activity? span, WorkflowSubStatus subStatus, int tasksEnqueued)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("patientdocs.workflow.sub_status", subStatus.ToString());
        span.SetTag("patientdocs.burst.tasks_enqueued", tasksEnqueued);
        if (subStatus == WorkflowSubStatus.Faulted)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    public static Activity? StartTaskAttempt(TaskRecord task)
    {
        var source = EngineDiagnostics.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        var span = source.StartActivity($"task {task.Handler}", ActivityKind.Internal, TaskTraceContext.Read(task.Input) ?? default);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TaskIdTag, task.Id);
            span.SetTag(QueueTag, task.Queue);
            span.SetTag(ActivityTypeTag, task.Handler);
            span.SetTag("patientdocs.activity.id", task.ActivityId);
            span.SetTag(InstanceIdTag, task.InstanceId);
            span.SetTag("patientdocs.task.attempt", task.Attempts + 1);
        }

        return span;
    }

    /// <param name="outcome">The attempt's outcome as <see cref="EngineMetrics"/> labels it.</param>
    /// <param name="error">The error of a failed attempt, else null.</param>
    public static void EndTaskAttempt(Activity? span, string outcome, string? error)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag(OutcomeTag, outcome);
        if (error is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, error);
        }
    }
}
