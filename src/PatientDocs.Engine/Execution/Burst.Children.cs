using PatientDocs.Engine.Activities.Children;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Execution;

/// <summary>Child workflows: an activity that starts one waits on a bookmark named after the child's instance id.</summary>
internal sealed partial class Burst
{
    private readonly List<ChildStart> children = [];

    internal static string ChildBookmarkId(string childInstanceId) => $"child:{childInstanceId}";

    private void StartChild(Execution execution, ChildWorkflowRequest request)
    {
        // Sortable like the runtime's own ids; chosen here so the bookmark and the child commit together.
        var childId = Guid.CreateVersion7(Now).ToString("N");
        children.Add(new ChildStart(childId, execution.Activity.Id, request));
        var bookmark = WaitingOf(execution, ChildBookmarkId(childId), BookmarkKind.Child, childId);
        bookmark.Inputs = execution.Inputs;
        AddBookmark(bookmark, execution);
    }
}
