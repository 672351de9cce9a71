namespace PatientDocs.Engine.Alterations;

/// <summary>Cancels a running or suspended activity: its bookmarks and tasks go, and it completes as cancelled (no outcome followed).</summary>
public sealed record CancelActivity(string ActivityId) : Alteration
{
    public override string Type => "CancelActivity";
}
