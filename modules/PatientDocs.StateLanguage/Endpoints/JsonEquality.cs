using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>
/// "Equal as JSON" for idempotency keys: one text per value, so two bodies are equal when their texts are. Object members
/// are sorted by name and numbers written by value (1, 1.0 and 1e0 are one number).
/// </summary>
public static class JsonEquality
{
    public static string Canonical(JsonNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                writer.WriteRawValue(Number(v), skipInputValidation: true);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string Number(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
        {
            // decimal keeps trailing zeros (1.0 → "1.0"); G29 of the normalised value drops them.
            return (d / 1.0000000000000000000000000000m).ToString("G29", CultureInfo.InvariantCulture);
        }

        return value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
    }
}
