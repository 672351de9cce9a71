namespace PatientDocs.Server.Definitions;

public enum ImportResult
{
    Created,
    NewVersion,
    Unchanged,
}
