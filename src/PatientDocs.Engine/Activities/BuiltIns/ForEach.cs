using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Runs its body once per item, one after another. The body sees CurrentIndex and CurrentValue; only the index is kept
/// between bursts (the items are evaluated again after a suspension, as Elsa does), so the state does not grow per item.
/// </summary>
[Activity("Elsa", "ForEach", Category = "Looping", Description = "Iterate over a set of values.", EmbeddedPorts = ["Body"])]
public sealed class ForEach : ContainerActivity
{
    private const string CurrentIndex = "currentIndex";
    private JsonArray? items;

    [Input(Description = "The set of values to iterate.", UIHint = "dropdown", Options = [])]
    public JsonNode? Items { get; set; }

    [Output(Description = "Assign the current value to the specified variable.")]
    public JsonNode? CurrentValue { get; set; }

    public override BreakHandling BreakHandling => BreakHandling.Stop;

    public override void Run(ContainerContext context) => Iterate(context);

    public override void ChildCompleted(ContainerContext context, ChildCompletion child) => Iterate(context);

    private void Iterate(ContainerContext context)
    {
        items ??= Items is null ? [] : ValueConverter.AsStructured(Items) is JsonArray array ? array : [Items.DeepClone()];
        var index = (int)context.GetLong(CurrentIndex);
        if (context.IsBreaking || index >= items.Count)
        {
            context.Complete();
            return;
        }

        var value = items[index];
        CurrentValue = value?.DeepClone();
        context.Properties[CurrentIndex] = index + 1;
        if (!context.Schedule("body", new JsonObject { ["CurrentIndex"] = index, [nameof(CurrentValue)] = value?.DeepClone() }))
        {
            context.Complete();
        }
    }
}
