using System.Runtime.CompilerServices;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Triggers;

/// <summary>Every published definition in the store, page by page (the triggers' source: HTTP, schedules, events).</summary>
public static class PublishedDefinitions
{
    private const int PageSize = 200;

    public static async IAsyncEnumerable<WorkflowDefinition> ReadAsync(IWorkflowStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 0; ; page++)
        {
            var batch = await store.ListDefinitionsAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published, Page = page, PageSize = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var definition in batch.Items)
            {
                yield return definition;
            }

            if (batch.Items.Count < PageSize)
            {
                yield break;
            }
        }
    }
}
