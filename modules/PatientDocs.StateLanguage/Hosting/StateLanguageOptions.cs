namespace PatientDocs.StateLanguage.Hosting;

/// <summary>The module's options, bound from <c>PatientDocs:StateLanguage</c>; validated at start.</summary>
public sealed class StateLanguageOptions
{
    public const string Section = "PatientDocs:StateLanguage";

    /// <summary>Register the shipped <c>order_processing_workflow</c> at start (once: a registered version is left as it is).</summary>
    public bool RegisterSample { get; set; } = true;

    /// <summary>How long cancel waits for the engine to show the execution cancelled before answering with what it shows.</summary>
    public TimeSpan CancelWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A resource's task queue by resource name (mock or registered), which the queue's settings under
    /// <c>PatientDocs:Services</c> can give slots and a rate limit. Read when a version is registered: a change applies to
    /// versions registered after it. Unlisted resources run on their handler's queue, else on <c>state-language</c>.
    /// </summary>
    public Dictionary<string, string> ResourceQueues { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        foreach (var (resource, queue) in ResourceQueues)
        {
            if (string.IsNullOrWhiteSpace(queue))
            {
                yield return $"{Section}:ResourceQueues:{resource} must name a queue.";
            }
        }

        if (CancelWait <= TimeSpan.Zero || CancelWait > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:CancelWait must be positive and at most 5 minutes (was {CancelWait}).";
        }
    }
}
