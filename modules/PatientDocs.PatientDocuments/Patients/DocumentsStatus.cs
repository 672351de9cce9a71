namespace PatientDocs.PatientDocuments.Patients;

/// <summary>The statuses written to the patients table and the TaskTracker item.</summary>
public static class DocumentsStatus
{
    public const string Found = "DOCUMENTS FOUND";
    public const string NotFound = "DOCUMENTS NOT FOUND";
    public const string PatientNotFound = "PATIENT NOT FOUND";
}
