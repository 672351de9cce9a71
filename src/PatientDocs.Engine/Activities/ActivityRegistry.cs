using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>
/// The one catalogue of activity classes: the interpreter creates activities from it and the designer reads its descriptors,
/// so what Studio shows and what the engine runs cannot drift apart. A new registry already holds the built-ins.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityType> types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, ActivityType> byClrType = new();

    public ActivityRegistry()
    {
        RegisterAssembly(typeof(ActivityRegistry).Assembly);
    }

    public ActivityRegistry Register<T>() => Register(typeof(T));

    public ActivityRegistry Register(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>(inherit: false)
            ?? throw new ArgumentException($"{type.FullName} has no [Activity] attribute.", nameof(type));
        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException($"{type.FullName} must be a concrete class with a parameterless constructor.", nameof(type));
        }

        if (!typeof(ControlActivity).IsAssignableFrom(type) && !typeof(TaskActivity).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type.FullName} must derive from ControlActivity or TaskActivity.", nameof(type));
        }

        var inputs = ReadProperties(type, output: false);
        var outputs = ReadProperties(type, output: true);
        var activityType = new ActivityType(type, attribute, inputs, outputs, Describe(attribute, inputs, outputs));
        types[attribute.TypeName] = activityType;
        byClrType[type] = activityType;
        return this;
    }

    /// <summary>Registers every non-abstract class in the assembly that carries [Activity].</summary>
    public ActivityRegistry RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetCustomAttribute<ActivityAttribute>(inherit: false) is not null))
        {
            Register(type);
        }

        return this;
    }

    public ActivityType? Find(string typeName) => types.GetValueOrDefault(typeName);

    public IReadOnlyList<ActivityDescriptor> ListDescriptors() =>
        types.Values.Select(t => t.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal).ToList();

    /// <summary>A placeholder for a stored type nobody registered (Elsa's NotFoundActivity), so the canvas still renders it.</summary>
    public static ActivityDescriptor DescribeUnknown(string typeName)
    {
        var dot = typeName.LastIndexOf('.');
        return new ActivityDescriptor
        {
            TypeName = typeName,
            Namespace = dot > 0 ? typeName[..dot] : "",
            Name = dot > 0 ? typeName[(dot + 1)..] : typeName,
            Category = "Not Found",
            DisplayName = $"Not found: {typeName}",
            Description = $"The activity type {typeName} is not registered on this server.",
            Kind = ActivityKind.Action,
            IsBrowsable = false,
            CustomProperties = new JsonObject { ["notFound"] = true },
            Ports = [new PortDescriptor("Done", "Done")],
        };
    }

    /// <summary>Creates an activity instance of a registered type (no inputs set).</summary>
    public object Create(string typeName)
    {
        var type = Find(typeName) ?? throw new InvalidOperationException($"Unknown activity type '{typeName}'.");
        return Activator.CreateInstance(type.ClrType)!;
    }

    /// <summary>For task workers: the task activity with its [Input] properties set from the evaluated inputs (camelCase keys).</summary>
    public TaskActivity CreateTaskActivity(string typeName, JsonObject input)
    {
        if (Create(typeName) is not TaskActivity activity)
        {
            throw new InvalidOperationException($"Activity type '{typeName}' is not a task activity.");
        }

        SetInputs(activity, input);
        return activity;
    }

    /// <summary>Sets [Input] properties from a JSON object of already-evaluated values; missing keys keep their defaults.</summary>
    public void SetInputs(object activity, JsonObject values)
    {
        var type = TypeOf(activity);
        foreach (var input in type.Inputs)
        {
            if (values.TryGetPropertyValue(input.JsonName, out var value))
            {
                input.Property.SetValue(activity, ValueConverter.ToClr(value, input.Property.PropertyType));
            }
        }
    }

    public JsonObject ReadInputs(object activity) => Read(activity, TypeOf(activity).Inputs);

    public JsonObject ReadOutputs(object activity) => Read(activity, TypeOf(activity).Outputs);

    private ActivityType TypeOf(object activity)
    {
        if (byClrType.TryGetValue(activity.GetType(), out var known))
        {
            return known;
        }

        var attribute = activity.GetType().GetCustomAttribute<ActivityAttribute>(inherit: false)
            ?? throw new ArgumentException($"{activity.GetType().FullName} has no [Activity] attribute.", nameof(activity));
        return Find(attribute.TypeName) ?? throw new ArgumentException($"{attribute.TypeName} is not registered.", nameof(activity));
    }

    private static JsonObject Read(object activity, IReadOnlyList<ActivityProperty> properties)
    {
        var result = new JsonObject();
        foreach (var property in properties)
        {
            result[property.JsonName] = ValueConverter.ToJson(property.Property.GetValue(activity));
        }

        return result;
    }

    private static List<ActivityProperty> ReadProperties(Type type, bool output) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => output ? p.GetCustomAttribute<OutputAttribute>() is not null : p.GetCustomAttribute<InputAttribute>() is not null)
            .Select(p => new ActivityProperty(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p, p.GetCustomAttribute<InputAttribute>()))
            .OrderBy(p => p.Input?.Order ?? 0)
            .ToList();

    private static ActivityDescriptor Describe(ActivityAttribute attribute, List<ActivityProperty> inputs, List<ActivityProperty> outputs) => new()
    {
        TypeName = attribute.TypeName,
        Namespace = attribute.Namespace,
        Name = attribute.Name,
        Version = attribute.Version,
        Category = attribute.Category,
        DisplayName = attribute.DisplayName ?? Humanize(attribute.Name),
        Description = attribute.Description,
        Kind = attribute.Kind,
        IsContainer = attribute.IsContainer,
        IsBrowsable = attribute.IsBrowsable,
        IsStart = attribute.Kind == ActivityKind.Trigger || attribute.TypeName == "Elsa.Start",
        IsTerminal = attribute.Ports.Length == 0,
        Ports = attribute.EmbeddedPorts.Select(p => new PortDescriptor(p, p, "Embedded")).Concat(attribute.Ports.Select(p => new PortDescriptor(p, p))).ToList(),
        Inputs = inputs.Select((p, i) => DescribeInput(p, i)).ToList(),
        Outputs = outputs.Select((p, i) => new OutputDescriptor
        {
            Name = p.JsonName,
            TypeName = TypeNameOf(p.Property.PropertyType),
            DisplayName = p.Property.GetCustomAttribute<OutputAttribute>()!.DisplayName ?? Humanize(p.Property.Name),
            Description = p.Property.GetCustomAttribute<OutputAttribute>()!.Description,
            Order = i,
        }).ToList(),
    };

    private static InputDescriptor DescribeInput(ActivityProperty property, int index)
    {
        var input = property.Input!;
        var type = Nullable.GetUnderlyingType(property.Property.PropertyType) ?? property.Property.PropertyType;
        var options = input.Options ?? (type.IsEnum ? Enum.GetNames(type) : null);
        JsonObject? ui = null;
        if (input.UIHint == "dropdown" && options is not null)
        {
            var items = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o }).ToArray());
            ui = new JsonObject { ["dropdown"] = new JsonObject { ["selectList"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false } } };
        }
        else if (input.UIHint == "checklist" && options is not null)
        {
            // Studio's checklist reads {checklist: {checkList: {items}}}; without it the list renders no boxes to tick.
            var items = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["text"] = o, ["value"] = o, ["isChecked"] = false }).ToArray());
            ui = new JsonObject { ["checklist"] = new JsonObject { ["checkList"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false } } };
        }

        return new InputDescriptor
        {
            Name = property.JsonName,
            TypeName = TypeNameOf(property.Property.PropertyType),
            DisplayName = input.DisplayName ?? Humanize(property.Property.Name),
            Description = input.Description,
            Order = input.Order == 0 ? index : input.Order,
            IsWrapped = input.IsWrapped,
            UIHint = input.UIHint,
            Category = input.Category,
            DefaultValue = ValueConverter.ToJson(input.DefaultValue),
            DefaultSyntax = input.DefaultSyntax,
            UISpecifications = ui,
        };
    }

    internal static string TypeNameOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray)
        {
            return TypeNameOf(t.GetElementType()!) + "[]";
        }

        if (t == typeof(JsonNode) || t == typeof(JsonObject) || t == typeof(object))
        {
            return "Object";
        }

        if (t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            return TypeNameOf(t.GetGenericArguments()[0]) + "[]";
        }

        return t.IsEnum ? "String" : t.Name;
    }

    private static string Humanize(string name)
    {
        var chars = new List<char>(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                chars.Add(' ');
            }

            chars.Add(name[i]);
        }

        return new string(chars.ToArray());
    }
}
