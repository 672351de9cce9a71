namespace PatientDocs.Simulators.Llm;

/// <summary>
/// Since start, over the completions answered: the tokens their arrivals reserved (prompt + maxTokens, what a client's
/// estimate charges) and the tokens they used (what the token window ends up charging).
/// </summary>
public sealed record LlmUsageTotals(long Completions, long ReservedTokens, long PromptTokens, long CompletionTokens, long TotalTokens);
