using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Records the response in the instance property <c>httpResponse</c>; the server sends it.</summary>
[Activity("Elsa", "WriteHttpResponse", Category = "HTTP", DisplayName = "HTTP Response", Description = "Writes the HTTP response.")]
public sealed class WriteHttpResponse : ControlActivity
{
    [Input(UIHint = "http-status-codes", Order = 0, DefaultValue = "OK")]
    public string? StatusCode { get; set; } = "OK";

    [Input(UIHint = "multiline", Order = 1)]
    public JsonNode? Content { get; set; }

    [Input(Order = 2)]
    public string? ContentType { get; set; }

    [Input(UIHint = "json-editor", Order = 3)]
    public JsonNode? ResponseHeaders { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        context.SetProperty("httpResponse", new JsonObject
        {
            ["statusCode"] = StatusCode ?? "OK",
            ["content"] = Content?.DeepClone(),
            ["contentType"] = ContentType,
            ["headers"] = ResponseHeaders is null ? null : ValueConverter.AsStructured(ResponseHeaders).DeepClone(),
        });
        return ActivityResult.Done();
    }
}
