namespace PatientDocs.ContentPipeline.Activities;

/// <summary>The tokens the LLM charged for an answer.</summary>
public sealed record LlmUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
