using System.Reflection;

namespace PatientDocs.Engine.Activities;

/// <summary>A registered activity class: its attribute, its input and output properties and its descriptor.</summary>
public sealed class ActivityType
{
    internal ActivityType(Type clrType, ActivityAttribute attribute, IReadOnlyList<ActivityProperty> inputs, IReadOnlyList<ActivityProperty> outputs, ActivityDescriptor descriptor)
    {
        ClrType = clrType;
        Attribute = attribute;
        Inputs = inputs;
        Outputs = outputs;
        Descriptor = descriptor;
    }

    public Type ClrType { get; }

    public ActivityAttribute Attribute { get; }

    public string TypeName => Attribute.TypeName;

    public ActivityKind Kind => Attribute.Kind;

    public IReadOnlyList<ActivityProperty> Inputs { get; }

    public IReadOnlyList<ActivityProperty> Outputs { get; }

    public ActivityDescriptor Descriptor { get; }

    public bool IsTask => typeof(TaskActivity).IsAssignableFrom(ClrType);

    /// <summary>A structured container (<see cref="ContainerActivity"/>) the interpreter runs with child scopes.</summary>
    public bool IsContainer => typeof(ContainerActivity).IsAssignableFrom(ClrType);
}

/// <summary>An [Input] or [Output] property with its camelCase JSON name.</summary>
public sealed record ActivityProperty(string JsonName, PropertyInfo Property, InputAttribute? Input);
