namespace PatientDocs.ContentPipeline.Activities;

/// <summary>The LLM's answer as the client reads it.</summary>
public sealed record LlmAnswer(string Text, LlmUsage Usage);
