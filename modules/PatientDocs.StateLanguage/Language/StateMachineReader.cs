using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Reads a definition's text (YAML through YamlDotNet, or JSON) into a <see cref="StateMachine"/>. It checks shape only
/// (fields of the right kind); <see cref="StateMachineValidator"/> checks meaning. Scalars keep the text written, so
/// <c>version: 1.0</c> is "1.0".
/// </summary>
public static partial class StateMachineReader
{
    /// <summary>The <see cref="LanguageError.Field"/> of errors about the text as a whole (unreadable, not a mapping).</summary>
    public const string DefinitionField = "definition";

    public static ReadResult Read(string text, DefinitionFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<LanguageError>();
        var root = format == DefinitionFormat.Yaml ? ParseYaml(text, errors) : ParseJson(text, errors);
        if (errors.Count > 0)
        {
            return new ReadResult(null, errors);
        }

        var machine = ReadMachine(root, errors);
        return errors.Count > 0 || machine is null ? new ReadResult(null, errors) : new ReadResult(machine, []);
    }

    private static StateMachine? ReadMachine(JsonNode? root, List<LanguageError> errors)
    {
        if (root is not JsonObject fields)
        {
            errors.Add(new LanguageError(null, DefinitionField, "The definition must be a mapping with name, version, startAt and states."));
            return null;
        }

        var at = new FieldReader(errors, null, "", "The definition");
        var name = at.Text(fields, "name", allowNumber: true) ?? "";
        var version = at.Text(fields, "version", allowNumber: true) ?? "";
        var startAt = at.Text(fields, "startAt") ?? "";
        var states = ReadStates(fields, at, within: null);
        return new StateMachine(name, version, startAt, states);
    }

    // within: null for the definition's own states, else "branch 0 of 'p'" for a Parallel branch's.
    private static List<StateSpec> ReadStates(JsonObject owner, FieldReader at, string? within)
    {
        var states = new List<StateSpec>();
        if (!owner.TryGetPropertyValue("states", out var node) || node is null)
        {
            at.Error("states", "has no states: give states as a mapping of state names to states.");
            return states;
        }

        if (node is not JsonObject map)
        {
            at.Error("states", "must be a mapping of state names to states.");
            return states;
        }

        if (map.Count == 0)
        {
            at.Error("states", "is empty: give at least one state.");
            return states;
        }

        foreach (var (name, value) in map)
        {
            var where = within is null ? $"State '{name}'" : $"State '{name}' (in {within})";
            if (value is not JsonObject stateFields)
            {
                at.Errors.Add(new LanguageError(name, at.Field("states"), $"{where} must be a mapping of its fields (type, next, ...)."));
                continue;
            }

            states.Add(ReadState(name, stateFields, new FieldReader(at.Errors, name, "", where)));
        }

        return states;
    }
}
