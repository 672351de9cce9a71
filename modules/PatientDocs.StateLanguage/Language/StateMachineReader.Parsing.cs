using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PatientDocs.StateLanguage.Language;

public static partial class StateMachineReader
{
    // Deeper than any sensible definition; stops a self-referencing YAML alias from recursing forever.
    private const int MaxDepth = 64;

    private static JsonNode? ParseJson(string text, List<LanguageError> errors)
    {
        try
        {
            var root = JsonNode.Parse(text);
            Touch(root);
            return root;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            errors.Add(new LanguageError(null, DefinitionField, $"The definition is not readable JSON: {e.Message}"));
            return null;
        }
    }

    // JsonNode reads objects lazily; walking them surfaces a duplicate key here rather than later.
    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Touch(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Touch(child);
                }

                break;
        }
    }

    private static JsonNode? ParseYaml(string text, List<LanguageError> errors)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                errors.Add(new LanguageError(null, DefinitionField, "The definition is empty."));
                return null;
            }

            return FromYaml(stream.Documents[0].RootNode, 0);
        }
        catch (YamlException e)
        {
            errors.Add(new LanguageError(null, DefinitionField, $"The definition is not readable YAML: {e.Message}"));
            return null;
        }
        catch (ArgumentException e)
        {
            errors.Add(new LanguageError(null, DefinitionField, $"The definition is not readable YAML (a key given twice?): {e.Message}"));
            return null;
        }
    }

    private static JsonNode? FromYaml(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"nested deeper than {MaxDepth} levels.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : key.ToString();
                    obj.Add(name, FromYaml(value, depth + 1));
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(FromYaml(item, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                return FromYamlScalar(scalar);
            default:
                return null;
        }
    }

    // Only plain (unquoted) scalars are typed, by YAML's core schema; quoted ones are always text.
    private static JsonNode? FromYamlScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when JsonNumber().IsMatch(text) => JsonNode.Parse(text),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
