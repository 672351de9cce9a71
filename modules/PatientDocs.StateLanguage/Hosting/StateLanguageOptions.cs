namespace PatientDocs.StateLanguage.Hosting;

/// <summary>The module's options, bound from <c>PatientDocs:StateLanguage</c>; validated at start.</summary>
public sealed class StateLanguageOptions
{
    public const string Section = "PatientDocs:StateLanguage";

    /// <summary>Register the shipped <c>order_processing_workflow</c> at start (once: a registered version is left as it is).</summary>
    public bool RegisterSample { get; set; } = true;

    /// <summary>How long cancel waits for the engine to show the execution cancelled before answering with what it shows.</summary>
    public TimeSpan CancelWait { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Validate()
    {
        if (CancelWait <= TimeSpan.Zero || CancelWait > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:CancelWait must be positive and at most 5 minutes (was {CancelWait}).";
        }
    }
}
