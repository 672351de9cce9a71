namespace PatientDocs.Simulators.Llm;

/// <summary>The tokens a completion used: what the service's token limit charges for it.</summary>
public sealed record CompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
