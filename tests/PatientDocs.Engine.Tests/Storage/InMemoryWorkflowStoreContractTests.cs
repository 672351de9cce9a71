using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Storage;

public sealed class InMemoryWorkflowStoreContractTests : WorkflowStoreContractTests
{
    protected override Task<IWorkflowStore> CreateStoreAsync() => System.Threading.Tasks.Task.FromResult<IWorkflowStore>(new InMemoryWorkflowStore());

    // One process, one memory: the second node shares the same store object.
    protected override IWorkflowStore CreateSecondNode() => Store;
}
