using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Viewer;

/// <summary>The viewer's journal filter: the node ids of the displayed container, minus the container types.</summary>
public sealed record JournalFilterModel(
    IReadOnlyList<string>? ActivityIds,
    IReadOnlyList<string>? ActivityNodeIds,
    IReadOnlyList<string>? ExcludedActivityTypes,
    IReadOnlyList<string>? EventNames)
{
    public JournalFilter ToFilter() => new()
    {
        ActivityIds = ActivityIds,
        ActivityNodeIds = ActivityNodeIds,
        ExcludedActivityTypes = ExcludedActivityTypes,
        EventNames = EventNames,
    };
}
