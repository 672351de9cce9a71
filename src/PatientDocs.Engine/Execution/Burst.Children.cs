using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Activities.Children;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>
/// Child workflows: an activity that waits for one suspends on a bookmark named after the child's instance id; one that does
/// not completes at once, as Elsa's does, and the child is created in the same commit.
/// </summary>
internal sealed partial class Burst
{
    private readonly List<ChildStart> children = [];

    /// <summary>Definition ids the runtime found without a published version: dispatching one faults, as in Elsa.</summary>
    public IReadOnlySet<string> UnpublishedDefinitions { get; init; } = new HashSet<string>();

    internal static string ChildBookmarkId(string childInstanceId) => $"child:{childInstanceId}";

    private void StartChild(Execution execution, ControlActivity activity, ActivityContext context, ChildWorkflowRequest request)
    {
        if (!request.WaitForCompletion && UnpublishedDefinitions.Contains(request.DefinitionId))
        {
            Fault(execution, $"No published version of workflow definition '{request.DefinitionId}' exists.");
            return;
        }

        // Sortable like the runtime's own ids; chosen here so the bookmark (if any) and the child commit together.
        var childId = Guid.CreateVersion7(Now).ToString("N");
        children.Add(new ChildStart(childId, execution.Activity.Id, request));
        if (!request.WaitForCompletion)
        {
            switch (activity.Resume(context, new ChildWorkflowResult { InstanceId = childId }.ToJson()))
            {
                case CompleteResult complete:
                    Complete(execution, registry.ReadOutputs(activity), complete.Names);
                    break;
                case FaultResult fault:
                    Fault(execution, fault.Message);
                    break;
                default:
                    Fault(execution, $"{activity.GetType().Name} neither completed nor faulted after dispatching its child.");
                    break;
            }

            return;
        }

        var bookmark = WaitingOf(execution, ChildBookmarkId(childId), BookmarkKind.Child, childId);
        bookmark.Inputs = execution.Inputs;
        AddBookmark(bookmark, execution);
    }
}
