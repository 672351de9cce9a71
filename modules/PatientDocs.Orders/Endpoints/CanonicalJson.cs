using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Orders.Endpoints;

/// <summary>
/// One text per JSON value, so "equal as JSON" is string equality: object keys sorted, numbers by value (2, 2.0 and 2e0
/// are one number).
/// </summary>
public static class CanonicalJson
{
    public static string From(JsonNode? node) => Canonical(node)?.ToJsonString() ?? "null";

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(Normalise(v)),
        _ => node?.DeepClone(),
    };

    private static string Normalise(JsonValue number) =>
        number.TryGetValue<decimal>(out var d)
            ? d.ToString("G29", CultureInfo.InvariantCulture) is var text && text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : d.ToString("G29", CultureInfo.InvariantCulture)
            : number.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
}
