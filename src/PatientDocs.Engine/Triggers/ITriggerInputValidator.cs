using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Triggers;

/// <summary>Checks the body of one HTTP trigger path before any instance exists; errors are keyed by field name.</summary>
public interface ITriggerInputValidator
{
    /// <summary>The trigger path without slashes, e.g. <c>patient-documents</c>.</summary>
    string Path { get; }

    IReadOnlyDictionary<string, string[]> Validate(JsonNode? body);
}
