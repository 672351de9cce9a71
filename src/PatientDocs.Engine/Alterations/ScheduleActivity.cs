namespace PatientDocs.Engine.Alterations;

/// <summary>Runs the activity again; everything downstream of it in its flowchart is invalidated and runs again after it.</summary>
public sealed record ScheduleActivity(string ActivityId) : Alteration
{
    public override string Type => "ScheduleActivity";
}
