using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

[Activity("Elsa", "SetVariable", Category = "Primitives", DisplayName = "Set Variable", Description = "Assigns a value to a workflow variable.")]
public sealed class SetVariable : ControlActivity
{
    /// <summary>Elsa stores the variable unwrapped as <c>{id, name, typeName}</c>; a plain name is accepted too.</summary>
    [Input(UIHint = "variable-picker", IsWrapped = false, Order = 0)]
    public JsonNode? Variable { get; set; }

    [Input(Order = 1)]
    public JsonNode? Value { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        var name = Variable switch
        {
            JsonObject o => (o["name"] ?? o["id"])?.GetValue<string>(),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        if (string.IsNullOrEmpty(name))
        {
            return ActivityResult.Fault("SetVariable has no variable.");
        }

        context.SetVariable(name, Value?.DeepClone());
        return ActivityResult.Done();
    }
}
