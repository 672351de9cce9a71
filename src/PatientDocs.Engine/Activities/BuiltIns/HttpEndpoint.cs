using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// The HTTP trigger. The server matches requests under <c>/workflows</c> on the path template and methods and starts the
/// workflow with the request as workflow input (<c>TriggerInput</c>); run as the start activity it completes
/// at once with the parsed body, route values, query string and headers as its outputs.
/// </summary>
[Activity("Elsa", "HttpEndpoint", Category = "HTTP", DisplayName = "HTTP Endpoint", Description = "Wait for an inbound HTTP request that matches the specified path and methods.", Kind = ActivityKind.Trigger)]
public sealed class HttpEndpoint : ControlActivity
{
    [Input(Description = "The path relative to /workflows; route parameters in braces, e.g. orders/{id}.", Order = 0)]
    public string? Path { get; set; }

    [Input(Description = "The HTTP methods to accept.", UIHint = "checklist", Options = ["GET", "POST", "PUT", "HEAD", "DELETE"], Order = 1, DefaultValue = new[] { "GET" })]
    public string[] SupportedMethods { get; set; } = ["GET"];

    [Input(Description = "Allow authenticated requests only.", UIHint = "checkbox", Order = 2)]
    public bool Authorize { get; set; }

    [Input(Description = "Provide a policy to evaluate. If the policy fails, the request is forbidden.", Order = 3)]
    public string? Policy { get; set; }

    [Output(Description = "The parsed request content, if any.")]
    public JsonNode? ParsedContent { get; set; }

    [Output(Description = "The parsed route data, if any.")]
    public JsonNode? RouteData { get; set; }

    [Output(Description = "The querystring data, if any.")]
    public JsonNode? QueryStringData { get; set; }

    [Output(Description = "The headers, if any.")]
    public JsonNode? Headers { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        var input = context.WorkflowInput;
        ParsedContent = (input.ContainsKey("body") ? input["body"] : input)?.DeepClone();
        RouteData = (input["routeData"] ?? new JsonObject()).DeepClone();
        QueryStringData = (input["query"] ?? new JsonObject()).DeepClone();
        Headers = (input["headers"] ?? new JsonObject()).DeepClone();
        return ActivityResult.Done();
    }
}
