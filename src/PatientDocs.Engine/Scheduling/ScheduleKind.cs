namespace PatientDocs.Engine.Scheduling;

/// <summary>Elsa's three schedule triggers.</summary>
public enum ScheduleKind
{
    /// <summary><c>Elsa.Cron</c>: every occurrence of a cron expression (UTC).</summary>
    Cron,

    /// <summary><c>Elsa.Timer</c>: every interval, the first one interval after the schedule was armed.</summary>
    Timer,

    /// <summary><c>Elsa.StartAt</c>: once, at a moment.</summary>
    StartAt,
}
