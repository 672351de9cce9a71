namespace PatientDocs.Engine.Alterations;

/// <summary>Moves the instance to another version of its definition; refused when an activity it waits in does not exist there.</summary>
public sealed record Migrate(int TargetVersion) : Alteration
{
    public override string Type => "Migrate";
}
