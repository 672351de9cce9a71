namespace PatientDocs.Simulators.Llm;

/// <summary>
/// The body of <c>POST /sim/llm/complete</c>. <see cref="Step"/> is an optional label (a pipeline step) that armed
/// rejections match.
/// </summary>
public sealed record CompletionRequest(string? Prompt, int? MaxTokens, string? Step);
