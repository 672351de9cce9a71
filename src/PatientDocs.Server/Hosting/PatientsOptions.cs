namespace PatientDocs.Server.Hosting;

/// <summary>Section <c>PatientDocs:Patients</c>.</summary>
public sealed class PatientsOptions
{
    /// <summary>Demo patients P000001… inserted at start when missing.</summary>
    public int SeedCount { get; set; } = 1000;
}
