using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>
/// One call of a resource: the data as the Task sees it (a copy), the execution input's mock settings, which state and
/// attempt this is,
/// and a key that stays the same across attempts and crashes (send it to an external service as Idempotency-Key).
/// </summary>
public sealed record ResourceCall(
    string Resource,
    string ExecutionId,
    string State,
    int Attempt,
    string IdempotencyKey,
    JsonObject Data,
    JsonObject? MockSettings,
    IServiceProvider Services);
