using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Runtime;

[RequiresPostgres]
public sealed class PostgresWorkflowRuntimeTests(PostgresDatabase database) : WorkflowRuntimeTests, IClassFixture<PostgresDatabase>
{
    protected override Task<OwnedStore> CreateStoreAsync() => OwnedStore.PostgresAsync(database);

    protected override bool CommitsResumedBurstsWithTheirTask => true;

    [StoreFact]
    public async Task WithResumeInCompletionOff_ACompletionHandsItsInstanceOver()
    {
        var harness = new RuntimeHarness(Store, resumeInCompletion: false);
        await harness.PublishAsync(Def("def", [A("start", "Elsa.Start"), A("probe", "Test.Probe", ("text", Lit("hi"))), WriteLine("done", "ok")], [C("start", "probe"), C("probe", "done")]));
        var started = await harness.Runtime.StartAsync(new() { DefinitionId = "def" });

        await harness.TaskWorker.RunOnceAsync();
        await harness.TaskWorker.WhenIdleAsync();
        var afterTask = (await harness.InstanceAsync(started!.Id)).Status;
        var ran = await harness.InstanceWorker.RunOnceAsync();

        Assert.Equal(WorkflowStatus.Running, afterTask);
        Assert.Equal(1, ran);
        Assert.Equal(["ok"], harness.LinesOf(started.Id));
    }

    [StoreFact]
    public async Task ResumedBurstTheDatabaseRefuses_LeavesTheCompletionToCommitAlone_AndTheBurstRunsAfterTheHandOver()
    {
        // The first resumed burst prepared with a completion (the one that enqueues "second") also enqueues a task under
        // the completing task's id, which the database refuses: the whole transaction with it, the completion included.
        // Each task runs once all the same, and the burst runs again after the hand-over.
        var (store, poisoned) = PoisonedResumeStore.Wrap(Store);
        var harness = new RuntimeHarness(store);
        await harness.PublishAsync(Def(
            "def",
            [A("start", "Elsa.Start"), A("first", "Test.Probe", ("text", Lit("a"))), A("second", "Test.Probe", ("text", Lit("b"))), WriteLine("done", "ok")],
            [C("start", "first"), C("first", "second"), C("second", "done")]));
        var started = await harness.Runtime.StartAsync(new() { DefinitionId = "def" });

        await harness.DriveAsync();

        Assert.Equal(1, poisoned.Poisoned);
        var instance = await harness.InstanceAsync(started!.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Equal(["a", "b"], harness.Probe.Calls.Select(c => c.Text ?? "").ToArray());
        Assert.Equal(["ok"], harness.LinesOf(started.Id));
        Assert.Equal([TaskState.Completed, TaskState.Completed], (await harness.Store.ListTasksAsync(started.Id)).Select(t => t.State));
    }
}
