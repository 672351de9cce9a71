using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Children;

/// <summary>Elsa.PublishEvent from a workflow: correlated Event bookmarks resume and Event triggers start; one subclass per store.</summary>
public abstract class PublishEventTests : OnEachStore
{
    private static JsonObject Publish(string correlationId) =>
        A("publish", "Elsa.PublishEvent", ("eventName", Lit("go")), ("correlationId", Lit(correlationId)), ("payload", Js("({ n: 7 })")));

    [StoreFact]
    public async Task PublishEvent_WithACorrelationId_ResumesOnlyTheMatchingWaiter_WithThePayload()
    {
        var harness = new RuntimeHarness(Store);
        await harness.PublishAsync(Named("waiter", Seq("s", A("wait", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("after", "resumed"))));
        await harness.PublishAsync(Named("publisher", Seq("p", Publish("c1"))));
        var matching = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "waiter", CorrelationId = "c1" });
        var other = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "waiter", CorrelationId = "c2" });

        var publisher = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "publisher" });
        await harness.DriveAsync();

        Assert.Equal(WorkflowSubStatus.Finished, publisher!.SubStatus);
        var resumed = await harness.InstanceAsync(matching!.Id);
        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal("{\"n\":7}", JsonNode.Parse(resumed.State)!["activityOutputs"]!["wait"]!["result"]!.ToJsonString());
        Assert.Equal(["resumed"], harness.LinesOf(matching.Id));
        Assert.Equal(WorkflowSubStatus.Suspended, (await harness.InstanceAsync(other!.Id)).SubStatus);
    }

    [StoreFact]
    public async Task PublishEvent_StartsADefinitionWhoseEventIsATrigger_WithThePayloadAndCorrelation()
    {
        var harness = new RuntimeHarness(Store);
        var trigger = A("on-go", "Elsa.Event", ("eventName", Lit("go")));
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        await harness.PublishAsync(Def("triggered", [trigger, WriteLine("line", "started by go")], [C("on-go", "line")]));
        await harness.PublishAsync(Named("publisher", Seq("p", Publish("c9"))));

        await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "publisher" });
        await harness.DriveAsync();

        var started = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery { DefinitionIds = ["triggered"] })).Items);
        Assert.Equal((WorkflowSubStatus.Finished, "c9"), (started.SubStatus, started.CorrelationId));
        Assert.Equal("{\"n\":7}", JsonNode.Parse(started.State)!["activityOutputs"]!["on-go"]!["result"]!.ToJsonString());
        Assert.Equal(["started by go"], harness.LinesOf(started.Id));
    }

    [StoreFact]
    public async Task PublishEvent_StartsADefinitionWhoseFlaggedEventIsNestedInASequence_RunningWhatFollowsIt()
    {
        var harness = new RuntimeHarness(Store);
        var trigger = A("on-go", "Elsa.Event", ("eventName", Lit("go")));
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        await harness.PublishAsync(Named("nested", Seq("outer", Seq("inner", trigger, WriteLine("line", "started inside")))));
        await harness.PublishAsync(Named("publisher", Seq("p", Publish("c3"))));

        await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "publisher" });
        await harness.DriveAsync();

        var started = Assert.Single((await Store.ListInstancesAsync(new InstanceQuery { DefinitionIds = ["nested"] })).Items);
        Assert.Equal((WorkflowSubStatus.Finished, "c3"), (started.SubStatus, started.CorrelationId));
        Assert.Equal(["started inside"], harness.LinesOf(started.Id));
    }
}
