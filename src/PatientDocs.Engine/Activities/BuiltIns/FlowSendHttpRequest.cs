using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's flowchart HTTP request: completes through the port named by the answered status code when it is expected
/// (default 200), through <c>Unmatched status code</c> when not, and through <c>Done</c> as well. A request that cannot
/// connect, or is not answered in time, completes through <c>Failed to connect</c> or <c>Timeout</c> once retries give up.
/// </summary>
[Activity("Elsa", "FlowSendHttpRequest", Category = "HTTP", DisplayName = "HTTP Request (flow)", Description = "Send an HTTP request.",
    Kind = ActivityKind.Task, Ports = ["Done", UnmatchedStatusCode, FailedToConnect, TimedOut])]
public sealed class FlowSendHttpRequest : HttpRequestActivity
{
    public const string FailedToConnect = "Failed to connect";
    public const string TimedOut = "Timeout";

    [Input(Description = "A list of expected status codes to handle.", UIHint = "multitext", DefaultValue = new[] { 200 }, Order = 6)]
    public JsonNode? ExpectedStatusCodes { get; set; } = new JsonArray(200);

    public override string TimeoutPort => TimedOut;

    protected override string FailedToConnectPort => FailedToConnect;

    protected override IReadOnlyCollection<int> ExpectedStatusCodeList() => HttpStatusCodes.Read(ExpectedStatusCodes);
}
