using PatientDocs.Engine.Alterations;

namespace PatientDocs.Server.Api.Alterations;

/// <summary>Elsa's RunAlterationsResult: whether the instance was altered, whether it has work now, and the log of what happened.</summary>
public sealed record RunAlterationsResult(string WorkflowInstanceId, bool IsSuccessful, bool WorkflowHasScheduledWork, AlterationLogModel Log)
{
    public static RunAlterationsResult From(AlterationResult result) =>
        new(result.WorkflowInstanceId, result.IsSuccessful, result.WorkflowHasScheduledWork, new AlterationLogModel(result.Log));
}
