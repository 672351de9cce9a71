using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>What one attempt of a resource gave: its output, or the error type and cause it failed with.</summary>
public sealed record ResourceOutcome(JsonObject? Output, string? ErrorType, string? Cause)
{
    public bool Succeeded => ErrorType is null;

    public static ResourceOutcome Success(JsonObject? output) => new(output, null, null);

    public static ResourceOutcome Failure(string errorType, string cause) => new(null, errorType, cause);
}
