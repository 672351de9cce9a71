using System.Text.Json;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Expressions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Containers: a body run once per item (ForEach, ParallelForEach) in scopes of their own.</summary>
internal sealed partial class Burst : IActivityHost, IExpressionScope
{
    /// <summary>Runs the activity's body once per item; the record is null when there was nothing to run and it completed.</summary>
    private ContainerExecution? StartContainer(Execution execution, List<JsonNode?> items)
    {
        var body = execution.Activity.Type == "Elsa.Flowchart" ? execution.Activity.Body : execution.Activity.Body;
        var start = body?.FindStart(null);
        if (body is null || start is null || items.Count == 0)
        {
            Complete(execution, [], ["Done"]);
            return null;
        }

        var record = new ContainerExecution { ExecutionId = execution.Id, ScopeId = execution.Scope.Id, ActivityId = execution.Activity.Id, Remaining = items.Count, StartedAt = execution.StartedAt };
        state.Containers.Add(record);
        UpsertExecution(execution, ActivityExecutionStatus.Running);
        for (var i = 0; i < items.Count; i++)
        {
            var child = NewScope(items.Count == 1 ? execution.Id : $"{execution.Id}:{i}", body, start.Id, execution.Scope.Id, execution.Id);
            Enqueue(child, start.Id);
        }

        return record;
    }

    private void StartParallelForEach(Execution execution)
    {
        JsonNode? items;
        try
        {
            items = evaluator.EvaluateInput(execution.Activity.Json["items"], this);
        }
        catch (ExpressionException e)
        {
            Fault(execution, e.Message);
            return;
        }

        var list = items is null ? [] : ValueConverter.AsStructured(items) is JsonArray array ? array.ToList() : [items];
        StartContainer(execution, list);
    }
}
