using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

public static partial class StateMachineReader
{
    /// <summary>Reads fields of one kind each, recording a <see cref="LanguageError"/> for a field of the wrong kind.</summary>
    private sealed class FieldReader(List<LanguageError> errors, string? state, string prefix, string where)
    {
        public List<LanguageError> Errors => errors;

        public FieldReader Within(string nested) => new(errors, state, prefix + nested, where);

        public string Field(string field) => (prefix + field).TrimEnd('.');

        public void Error(string field, string text)
        {
            var name = Field(field);
            errors.Add(new LanguageError(state, name, $"{where}: '{name}' {text}"));
        }

        // A null or absent field reads as not given.
        private static JsonNode? Given(JsonObject fields, string key) => fields.TryGetPropertyValue(key, out var node) ? node : null;

        public string? Text(JsonObject fields, string key, bool allowNumber = false)
        {
            switch (Given(fields, key))
            {
                case null:
                    return null;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return v.GetValue<string>();
                case JsonValue v when allowNumber && v.GetValueKind() == JsonValueKind.Number:
                    return RawNumber(v);
                default:
                    Error(key, allowNumber ? "must be text or a number." : "must be text.");
                    return null;
            }
        }

        public bool? Bool(JsonObject fields, string key)
        {
            switch (Given(fields, key))
            {
                case null:
                    return null;
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    return v.GetValue<bool>();
                default:
                    Error(key, "must be true or false.");
                    return null;
            }
        }

        public double? Number(JsonObject fields, string key)
        {
            switch (Given(fields, key))
            {
                case null:
                    return null;
                case JsonValue v when v.GetValueKind() == JsonValueKind.Number
                    && double.TryParse(RawNumber(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    && double.IsFinite(number):
                    return number;
                default:
                    Error(key, "must be a number.");
                    return null;
            }
        }

        public int? WholeNumber(JsonObject fields, string key)
        {
            var given = Given(fields, key);
            if (given is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && decimal.TryParse(RawNumber(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue)
            {
                return (int)number;
            }

            if (given is not null)
            {
                Error(key, "must be a whole number.");
            }

            return null;
        }

        public JsonObject? Object(JsonObject fields, string key)
        {
            var given = Given(fields, key);
            if (given is null or JsonObject)
            {
                return (JsonObject?)given;
            }

            Error(key, "must be a mapping.");
            return null;
        }

        public JsonArray? List(JsonObject fields, string key)
        {
            var given = Given(fields, key);
            if (given is null or JsonArray)
            {
                return (JsonArray?)given;
            }

            Error(key, "must be a list.");
            return null;
        }

        // One text or a list of texts: `errorTypes: PaymentError` reads as a list of one.
        public List<string>? TextList(JsonObject fields, string key)
        {
            var given = Given(fields, key);
            if (given is null)
            {
                return null;
            }

            if (given is JsonValue one && one.GetValueKind() == JsonValueKind.String)
            {
                return [one.GetValue<string>()];
            }

            if (given is JsonArray list && list.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            {
                return list.Select(n => n!.GetValue<string>()).ToList();
            }

            Error(key, "must be a list of texts.");
            return null;
        }
    }

    // The number as written ("1.0" stays "1.0"): values read from text keep their JsonElement.
    internal static string RawNumber(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : value.ToJsonString();
}
