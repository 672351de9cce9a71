using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

public static partial class StateMachineValidator
{
    private static void ValidateCondition(JsonObject condition, string field, Action<string, string> error)
    {
        if (condition.Count == 0)
        {
            error(field, $"'{field}' is missing or empty.");
            return;
        }

        var combinator = condition.Select(p => p.Key).FirstOrDefault(k => k is Conditions.And or Conditions.Or or Conditions.Not);
        if (combinator is not null)
        {
            ValidateCombinator(condition, combinator, $"{field}.{combinator}", error);
            return;
        }

        var variable = condition[Conditions.Variable];
        if (variable is null)
        {
            error(field, $"'{field}' has no 'variable' (a path such as $.order.total).");
        }
        else if (variable is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            error($"{field}.variable", $"'{field}.variable' must be a path such as $.order.total.");
        }
        else if (!v.GetValue<string>().StartsWith('$'))
        {
            error($"{field}.variable", $"'{field}.variable' '{v.GetValue<string>()}' must start with '$' (such as $.order.total).");
        }
        else if (!DataPath.IsValid(v.GetValue<string>()))
        {
            error($"{field}.variable", $"'{field}.variable' '{v.GetValue<string>()}' is not a path such as $.order.total or $.items[0].sku.");
        }

        var operators = condition.Select(p => p.Key).Where(k => k != Conditions.Variable).ToList();
        var known = string.Join(", ", Conditions.Operators.Keys);
        if (operators.Count == 0)
        {
            error(field, $"'{field}' has no operator (one of {known}).");
            return;
        }

        if (operators.Count > 1)
        {
            error(field, $"'{field}' has more than one operator ({string.Join(", ", operators)}); combine comparisons with 'and'.");
        }

        foreach (var op in operators)
        {
            if (!Conditions.Operators.TryGetValue(op, out var kind))
            {
                error($"{field}.{op}", $"'{field}' uses unknown operator '{op}' (one of {known}).");
                continue;
            }

            var valueKind = condition[op]?.GetValueKind() ?? JsonValueKind.Null;
            var fits = kind == JsonValueKind.True ? valueKind is JsonValueKind.True or JsonValueKind.False : valueKind == kind;
            if (!fits)
            {
                var wanted = kind switch { JsonValueKind.True => "true or false", JsonValueKind.Number => "a number", _ => "text" };
                error($"{field}.{op}", $"'{field}.{op}' must be {wanted}; it is {condition[op]?.ToJsonString() ?? "null"}.");
            }
        }
    }

    private static void ValidateCombinator(JsonObject condition, string combinator, string field, Action<string, string> error)
    {
        if (condition.Count > 1)
        {
            error(field, $"'{field}' must stand alone in its condition; it has {string.Join(", ", condition.Select(p => p.Key))}.");
        }

        var value = condition[combinator];
        if (combinator == Conditions.Not)
        {
            if (value is JsonObject inner)
            {
                ValidateCondition(inner, field, error);
            }
            else
            {
                error(field, $"'{field}' must hold one condition.");
            }

            return;
        }

        if (value is not JsonArray { Count: > 0 } parts)
        {
            error(field, $"'{field}' must hold a non-empty list of conditions.");
            return;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is JsonObject part)
            {
                ValidateCondition(part, $"{field}[{i}]", error);
            }
            else
            {
                error($"{field}[{i}]", $"'{field}[{i}]' must be a condition.");
            }
        }
    }
}
