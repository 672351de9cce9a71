namespace PatientDocs.PatientDocuments.Hosting;

/// <summary>Section <c>PatientDocs:Simulators</c>: whether this server mounts the simulators under <c>/sim</c>.</summary>
public sealed class SimulatorHostingOptions
{
    public const string Section = "PatientDocs:Simulators";

    /// <summary>
    /// Null: mounted in the embedded default only (Development or no environment set, and no service BaseUrl configured).
    /// True is refused in the Production environment.
    /// </summary>
    public bool? InProcess { get; set; }
}
