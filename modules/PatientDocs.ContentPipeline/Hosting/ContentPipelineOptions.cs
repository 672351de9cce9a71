namespace PatientDocs.ContentPipeline.Hosting;

/// <summary>
/// The LLM client's settings, read from <c>PatientDocs:Services:Llm</c> (the same section as its limits and queue, which the
/// engine binds). <see cref="BaseUrl"/> null means this server's own address under <c>sim/llm/</c> (the simulators mounted in process).
/// </summary>
public sealed class ContentPipelineOptions
{
    public const string Section = "PatientDocs:Services:Llm";

    public string? BaseUrl { get; set; }

    /// <summary>How long one call may take before it is abandoned (the queue's start-to-close timeout also bounds it).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<string> Validate()
    {
        if (BaseUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"{Section}:BaseUrl must be an absolute http(s) URL (was '{url}').";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:RequestTimeout must be positive (was {RequestTimeout}).";
        }
    }
}
