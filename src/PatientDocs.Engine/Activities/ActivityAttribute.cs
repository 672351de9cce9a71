namespace PatientDocs.Engine.Activities;

/// <summary>
/// Marks a class as an activity. The type name (<c>Namespace.Name</c>) is stable: it is what workflow JSON stores.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string name) : Attribute
{
    public string Namespace { get; } = @namespace;

    public string Name { get; } = name;

    public string TypeName => $"{Namespace}.{Name}";

    public string Category { get; init; } = "Miscellaneous";

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    public int Version { get; init; } = 1;

    /// <summary>Outbound flow ports. An empty array marks a terminal activity.</summary>
    public string[] Ports { get; init; } = ["Done"];

    /// <summary>Slots for one child activity each (Elsa's [Port] properties: If's Then and Else, a loop's Body).</summary>
    public string[] EmbeddedPorts { get; init; } = [];

    public bool IsBrowsable { get; init; } = true;

    public bool IsContainer { get; init; }
}
