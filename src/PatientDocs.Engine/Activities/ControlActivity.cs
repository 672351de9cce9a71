using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>
/// An activity that runs inside the interpreter (no I/O). Its [Input] properties are set from the evaluated inputs
/// before <see cref="Execute"/>; its [Output] properties are read afterwards and may be bound to variables.
/// </summary>
public abstract class ControlActivity
{
    public abstract ActivityResult Execute(ActivityContext context);

    /// <summary>Called when a bookmark this activity created is resumed; the inputs are evaluated again first.</summary>
    public virtual ActivityResult Resume(ActivityContext context, JsonNode? payload) => ActivityResult.Done();
}
