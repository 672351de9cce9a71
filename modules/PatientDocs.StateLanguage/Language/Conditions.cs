using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Evaluates a Choice rule's condition over the data. A comparison on a missing path, or with a value of another type, is
/// false; <c>isPresent: true</c> is true when the path exists and <c>isPresent: false</c> when it does not.
/// </summary>
public static class Conditions
{
    public static bool Evaluate(JsonObject condition, JsonNode? data) => throw new NotImplementedException();
}
