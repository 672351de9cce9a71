namespace PatientDocs.Bench.Api;

/// <summary>One entry of the LLM simulator's <c>GET /sim/llm/calls</c>: a completion answered, timed at the service.</summary>
public sealed record LlmCallRecord(string? Step, DateTimeOffset ArrivedAt, DateTimeOffset AnsweredAt, long ReservedTokens, long UsedTokens);
