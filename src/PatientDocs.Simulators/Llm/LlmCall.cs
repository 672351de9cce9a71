namespace PatientDocs.Simulators.Llm;

/// <summary>
/// One completion answered, as <c>GET /sim/llm/calls</c> lists it: when its request arrived (where the token window counts
/// it from) and when it was answered, its step, what its arrival reserved and what it used.
/// </summary>
public sealed record LlmCall(string? Step, DateTimeOffset ArrivedAt, DateTimeOffset AnsweredAt, long ReservedTokens, long UsedTokens);
