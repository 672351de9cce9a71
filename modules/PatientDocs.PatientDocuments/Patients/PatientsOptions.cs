namespace PatientDocs.PatientDocuments.Patients;

/// <summary>Section <c>PatientDocs:Patients</c>.</summary>
public sealed class PatientsOptions
{
    public const string Section = "PatientDocs:Patients";

    /// <summary>Demo patients P000001… inserted at start when missing.</summary>
    public int SeedCount { get; set; } = 1000;

    public IEnumerable<string> Validate()
    {
        if (SeedCount is < 0 or > 999_999)
        {
            yield return $"{Section}:SeedCount must be between 0 and 999999.";
        }
    }
}
