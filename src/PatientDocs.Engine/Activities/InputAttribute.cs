namespace PatientDocs.Engine.Activities;

/// <summary>Marks a property as an activity input; the engine evaluates its expression before the activity runs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>Elsa Studio UI hint: singleline, multiline, checkbox, dropdown, code-editor, json-editor, …</summary>
    public string UIHint { get; init; } = "singleline";

    public string DefaultSyntax { get; init; } = "Literal";

    public bool IsWrapped { get; init; } = true;

    public string? Category { get; init; }

    public int Order { get; init; }

    /// <summary>Items of a dropdown, when <see cref="UIHint"/> is <c>dropdown</c>.</summary>
    public string[]? Options { get; init; }

    public object? DefaultValue { get; init; }

    /// <summary>False for inputs the activity evaluates itself when it needs them (a loop's condition, each iteration).</summary>
    public bool AutoEvaluate { get; init; } = true;
}
