using System.Text.Json.Nodes;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Runtime;
using PatientDocs.Integration.Tests.Support;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// Elsa's SendHttpRequest status-code cases: the activity of the case the status matched runs, else the
/// <c>unmatchedStatusCode</c> activity, with the response already the request's output; the request completes after it.
/// </summary>
public abstract class SendHttpRequestCaseTests : OnEachStore
{
    [StoreFact]
    public async Task MatchedCase_RunsItsActivity_ReadingTheResponse_ThenTheRequestCompletes()
    {
        var lines = await RunAsync("/tbx/greeting");

        Assert.Equal(["200 says hello", "done"], lines);
    }

    [StoreFact]
    public async Task NoCaseMatched_RunsTheUnmatchedActivity_ThenTheRequestCompletes()
    {
        var lines = await RunAsync("/status/418");

        Assert.Equal(["unmatched 418", "done"], lines);
    }

    private async Task<IReadOnlyList<string>> RunAsync(string path)
    {
        await using var server = await RecordingHttpServer.StartAsync();
        var harness = new RuntimeHarness(Store);
        var request = A("req", "Elsa.SendHttpRequest", ("url", Lit(server.BaseUrl + path)), ("method", Lit("GET")));
        request["expectedStatusCodes"] = new JsonArray(
            Case(200, A("ok", "Elsa.WriteLine", ("text", Js("`${getOutputFrom('req', 'statusCode')} says ${getOutputFrom('req', 'parsedContent').greeting}`")))),
            Case(404, WriteLine("missing", "missing")));
        request["unmatchedStatusCode"] = A("other", "Elsa.WriteLine", ("text", Js("`unmatched ${getOutputFrom('req', 'statusCode')}`")));
        await harness.PublishAsync(Def([A("start", "Elsa.Start"), request, WriteLine("done", "done")], [C("start", "req"), C("req", "done")]));

        var started = await harness.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "def" });
        await harness.DriveAsync();

        var instance = await harness.InstanceAsync(started!.Id);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished, 0), (instance.Status, instance.SubStatus, instance.IncidentCount));
        return harness.LinesOf(started.Id);
    }

    private static JsonObject Case(int statusCode, JsonObject activity) => new() { ["statusCode"] = statusCode, ["activity"] = activity };
}
