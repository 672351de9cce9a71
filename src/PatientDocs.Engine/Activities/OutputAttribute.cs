namespace PatientDocs.Engine.Activities;

/// <summary>Marks a property as an activity output; it can be bound to a workflow variable.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? DisplayName { get; init; }

    public string? Description { get; init; }
}
