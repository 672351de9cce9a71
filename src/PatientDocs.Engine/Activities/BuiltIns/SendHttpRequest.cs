using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's HTTP request with status-code cases (<c>expectedStatusCodes: [{statusCode, activity}]</c>): in a flowchart it
/// completes through the port named by a matched case's status code, or <c>Unmatched status code</c>, and <c>Done</c>. The
/// cases' embedded activities are not run here; connect the ports instead. Its <c>FailedToConnect</c> and <c>Timeout</c>
/// slots are: once retries give up, the slot's activity runs and the request completes after it.
/// </summary>
[Activity("Elsa", "SendHttpRequest", Category = "HTTP", DisplayName = "HTTP Request", Description = "Send an HTTP request.",
    Kind = ActivityKind.Task, Ports = ["Done", UnmatchedStatusCode], EmbeddedPorts = [FailedToConnect, TimedOut])]
public sealed class SendHttpRequest : HttpRequestActivity
{
    public const string FailedToConnect = "FailedToConnect";
    public const string TimedOut = "Timeout";

    [Input(Description = "A list of expected status codes to handle and the corresponding activity to execute when the status code matches.",
        UIHint = "http-status-codes", IsWrapped = false, Order = 6)]
    public JsonNode? ExpectedStatusCodes { get; set; }

    public override string TimeoutPort => TimedOut;

    protected override string FailedToConnectPort => FailedToConnect;

    protected override IReadOnlyCollection<int> ExpectedStatusCodeList() => HttpStatusCodes.Read(ExpectedStatusCodes);
}
