using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's HTTP request with status-code cases (<c>expectedStatusCodes: [{statusCode, activity}]</c>): the matched case's
/// activity runs (or the <c>unmatchedStatusCode</c> one when no case matched) with the response already its output, and the
/// request completes after it, through the status code's port (or <c>Unmatched status code</c>) and <c>Done</c>. Its
/// <c>FailedToConnect</c> and <c>Timeout</c> slots run once retries give up, and the request completes after them.
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
