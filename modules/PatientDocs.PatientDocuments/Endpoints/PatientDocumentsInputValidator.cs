using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>The patient-documents workflow takes <c>{"patientId": "P000123"}</c>: 1–32 letters, digits, '-' or '_'.</summary>
public sealed partial class PatientDocumentsInputValidator : ITriggerInputValidator
{
    public const string TriggerPath = "patient-documents";
    public const int MaxPatientIdLength = 32;

    public string Path => TriggerPath;

    public IReadOnlyDictionary<string, string[]> Validate(JsonNode? body)
    {
        if (body is not JsonObject obj)
        {
            return Error("body", "The body must be a JSON object like {\"patientId\": \"P000123\"}.");
        }

        var error = CheckPatientId(obj["patientId"]);
        return error is null ? new Dictionary<string, string[]>() : Error("patientId", error);
    }

    /// <summary>Null when <paramref name="node"/> is a valid patient id; otherwise why not.</summary>
    public static string? CheckPatientId(JsonNode? node)
    {
        if (node is null)
        {
            return "The patientId is required.";
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            return "The patientId must be a string.";
        }

        var id = node.GetValue<string>();
        if (string.IsNullOrWhiteSpace(id))
        {
            return "The patientId must not be blank.";
        }

        if (id.Length > MaxPatientIdLength)
        {
            return $"The patientId must be at most {MaxPatientIdLength} characters.";
        }

        return PatientIdPattern().IsMatch(id) ? null : "The patientId may contain only letters, digits, '-' and '_'.";
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PatientIdPattern();
}
