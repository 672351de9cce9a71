using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>Converts evaluated JSON values to typed input properties and typed outputs back to JSON, leniently (Elsa's literals are strings).</summary>
public static class ValueConverter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static object? ToClr(JsonNode? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }

        if (target == typeof(JsonNode) || target == typeof(object))
        {
            return value.DeepClone();
        }

        if (target == typeof(JsonObject))
        {
            return AsStructured(value) as JsonObject;
        }

        if (target == typeof(JsonArray))
        {
            return AsStructured(value) as JsonArray;
        }

        if (target == typeof(string))
        {
            return value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        }

        var text = value is JsonValue jv && jv.TryGetValue<string>(out var str) ? str : null;
        if (target == typeof(bool))
        {
            return value.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
                JsonValueKind.Number => value.GetValue<double>() != 0,
                JsonValueKind.String => bool.TryParse(text!.Trim(), out var b) && b,
                _ => true,
            };
        }

        if (target == typeof(TimeSpan))
        {
            if (text is not null)
            {
                return TimeSpan.Parse(text.Trim(), CultureInfo.InvariantCulture);
            }

            // A bare number is milliseconds, as JavaScript would count them.
            return TimeSpan.FromMilliseconds(value.GetValue<double>());
        }

        if (target.IsEnum)
        {
            return text is not null ? Enum.Parse(target, text.Trim(), ignoreCase: true) : Enum.ToObject(target, value.GetValue<int>());
        }

        if (target.IsPrimitive || target == typeof(decimal))
        {
            if (text is not null)
            {
                return Convert.ChangeType(text.Trim(), target, CultureInfo.InvariantCulture);
            }

            return Convert.ChangeType(value.GetValue<double>(), target, CultureInfo.InvariantCulture);
        }

        if (target != typeof(string) && typeof(IEnumerable).IsAssignableFrom(target))
        {
            var structured = AsStructured(value);
            if (structured is JsonValue single)
            {
                // A plain string list such as "a, b" (Elsa's multitext literal).
                var items = single.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                structured = new JsonArray(items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
            }

            return structured.Deserialize(target, Options);
        }

        return AsStructured(value).Deserialize(target, Options);
    }

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    /// <summary>A string holding JSON (an Object expression, or a literal "[\"GET\"]") becomes that JSON.</summary>
    public static JsonNode AsStructured(JsonNode value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            var trimmed = s.TrimStart();
            if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
            {
                try
                {
                    return JsonNode.Parse(s) ?? value;
                }
                catch (JsonException)
                {
                    return value;
                }
            }
        }

        return value;
    }
}
