namespace PatientDocs.Simulators.Llm;

/// <summary>The body of <c>POST /sim/llm/rejections</c>: the next <see cref="Count"/> requests labelled <see cref="Step"/> are rejected (422).</summary>
public sealed record RejectionRequest(string? Step, int? Count);
