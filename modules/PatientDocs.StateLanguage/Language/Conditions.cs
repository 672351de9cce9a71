using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Evaluates a Choice rule's condition over the data. A comparison on a missing path, or with a value of another type, is
/// false; <c>isPresent: true</c> is true when the path exists and <c>isPresent: false</c> when it does not.
/// </summary>
public static class Conditions
{
    internal const string And = "and";
    internal const string Or = "or";
    internal const string Not = "not";
    internal const string Variable = "variable";

    // Each comparison operator and the kind of value it compares with (True: a boolean).
    internal static readonly IReadOnlyDictionary<string, JsonValueKind> Operators = new Dictionary<string, JsonValueKind>
    {
        ["booleanEquals"] = JsonValueKind.True,
        ["isPresent"] = JsonValueKind.True,
        ["numericEquals"] = JsonValueKind.Number,
        ["numericGreaterThan"] = JsonValueKind.Number,
        ["numericGreaterThanEquals"] = JsonValueKind.Number,
        ["numericLessThan"] = JsonValueKind.Number,
        ["numericLessThanEquals"] = JsonValueKind.Number,
        ["stringEquals"] = JsonValueKind.String,
    };

    /// <exception cref="ArgumentException">The condition is not well formed (the validator rejects such definitions).</exception>
    public static bool Evaluate(JsonObject condition, JsonNode? data)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.TryGetPropertyValue(And, out var all))
        {
            return Parts(all).All(part => Evaluate(part, data));
        }

        if (condition.TryGetPropertyValue(Or, out var any))
        {
            return Parts(any).Any(part => Evaluate(part, data));
        }

        if (condition.TryGetPropertyValue(Not, out var inner))
        {
            return !Evaluate(inner as JsonObject ?? throw Malformed(condition, "'not' must hold a condition"), data);
        }

        if (condition[Variable] is not JsonValue variable || variable.GetValueKind() != JsonValueKind.String)
        {
            throw Malformed(condition, "it has no variable");
        }

        var op = condition.Select(p => p.Key).FirstOrDefault(k => k != Variable) ?? throw Malformed(condition, "it has no operator");
        return Compare(op, condition[op], variable.GetValue<string>(), data, condition);
    }

    private static IEnumerable<JsonObject> Parts(JsonNode? list) =>
        list is JsonArray array ? array.Select(n => n as JsonObject ?? throw Malformed(list, "each part must be a condition")) : throw Malformed(list, "'and'/'or' must hold a list");

    private static bool Compare(string op, JsonNode? expected, string path, JsonNode? data, JsonObject condition)
    {
        if (!Operators.ContainsKey(op))
        {
            throw Malformed(condition, $"'{op}' is not an operator");
        }

        var present = DataPath.TryRead(data, path, out var actual);
        if (op == "isPresent")
        {
            return Kind(expected) is JsonValueKind.True or JsonValueKind.False && present == expected!.GetValue<bool>();
        }

        if (!present)
        {
            return false;
        }

        var kinds = (Kind(actual), Kind(expected));
        return op switch
        {
            "booleanEquals" => kinds is (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) && kinds.Item1 == kinds.Item2,
            "stringEquals" => kinds is (JsonValueKind.String, JsonValueKind.String) && string.Equals(Text(actual!), Text(expected!), StringComparison.Ordinal),
            _ => kinds is (JsonValueKind.Number, JsonValueKind.Number) && Holds(op, CompareNumbers(actual!, expected!)),
        };
    }

    private static bool Holds(string op, int order) => op switch
    {
        "numericEquals" => order == 0,
        "numericGreaterThan" => order > 0,
        "numericGreaterThanEquals" => order >= 0,
        "numericLessThan" => order < 0,
        _ => order <= 0,
    };

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static string Text(JsonNode node) =>
        node.AsValue().TryGetValue<string>(out var text) ? text : node.GetValue<JsonElement>().GetString()!;

    // 1 and 1.0 are equal whether the number came from text or from code; decimal first, double past its range.
    private static int CompareNumbers(JsonNode left, JsonNode right)
    {
        var a = StateMachineReader.RawNumber(left.AsValue());
        var b = StateMachineReader.RawNumber(right.AsValue());
        const NumberStyles Style = NumberStyles.Float;
        return decimal.TryParse(a, Style, CultureInfo.InvariantCulture, out var da) && decimal.TryParse(b, Style, CultureInfo.InvariantCulture, out var db)
            ? da.CompareTo(db)
            : double.Parse(a, Style, CultureInfo.InvariantCulture).CompareTo(double.Parse(b, Style, CultureInfo.InvariantCulture));
    }

    private static ArgumentException Malformed(JsonNode? condition, string why) =>
        new($"The condition {condition?.ToJsonString() ?? "null"} is not well formed: {why}.", nameof(condition));
}
