using System.Reflection;

namespace PatientDocs.ContentPipeline;

/// <summary>The content-pipeline module's names: its assembly, definition, service, queue and limits.</summary>
public static class ContentPipelineModule
{
    public const string DefinitionId = "content-pipeline";

    /// <summary>The section under <c>PatientDocs:Services</c> holding the LLM's base URL, limits and queue.</summary>
    public const string Service = "Llm";

    /// <summary>Every LLM call's queue: limited by <see cref="RequestsLimit"/> and weighted by <see cref="TokensLimit"/>.</summary>
    public const string Queue = "llm";

    public const string RequestsLimit = "Requests";
    public const string TokensLimit = "Tokens";

    public const string Category = "Content";
    public const string Namespace = "ContentPipeline";

    public static Assembly Assembly => typeof(ContentPipelineModule).Assembly;
}
