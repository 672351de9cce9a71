using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's HTTP request with status-code cases (<c>expectedStatusCodes: [{statusCode, activity}]</c>): in a flowchart it
/// completes through the port named by a matched case's status code, or <c>Unmatched status code</c>, and <c>Done</c>. The
/// cases' embedded activities are not run here; connect the ports instead.
/// </summary>
[Activity("Elsa", "SendHttpRequest", Category = "HTTP", DisplayName = "HTTP Request", Description = "Send an HTTP request.",
    Kind = ActivityKind.Task, Ports = ["Done", UnmatchedStatusCode])]
public sealed class SendHttpRequest : HttpRequestActivity
{
    [Input(Description = "A list of expected status codes to handle and the corresponding activity to execute when the status code matches.",
        UIHint = "http-status-codes", IsWrapped = false, Order = 6)]
    public JsonNode? ExpectedStatusCodes { get; set; }

    protected override IReadOnlyCollection<int> ExpectedStatusCodeList() => HttpStatusCodes.Read(ExpectedStatusCodes);
}
