using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Answers the HTTP request that started the workflow. Reached in the burst that request started (the request still open),
/// the host sends this response; reached later (the workflow suspended first, or the request is gone), the request has
/// already been answered 202 and the activity completes with nothing to send. A string is sent as text, anything else as JSON.
/// </summary>
[Activity("Elsa", "WriteHttpResponse", Category = "HTTP", DisplayName = "HTTP Response", Description = "Write a response to the current HTTP response object.")]
public sealed class WriteHttpResponse : ControlActivity
{
    [Input(Description = "The status code to return.", UIHint = "dropdown", Order = 0, DefaultValue = "OK",
        Options = ["OK", "Created", "Accepted", "NoContent", "MovedPermanently", "Found", "SeeOther", "NotModified", "TemporaryRedirect", "BadRequest", "Unauthorized",
            "Forbidden", "NotFound", "MethodNotAllowed", "Conflict", "Gone", "UnprocessableEntity", "TooManyRequests", "InternalServerError", "NotImplemented", "BadGateway",
            "ServiceUnavailable", "GatewayTimeout"])]
    public string? StatusCode { get; set; } = "OK";

    [Input(Description = "The content to write back. String values will be sent as-is, while objects will be serialized to a JSON string.", UIHint = "multiline", Order = 1)]
    public JsonNode? Content { get; set; }

    [Input(Description = "The content type to write when sending the response.", UIHint = "dropdown", Order = 2, Options = ["", "text/plain", "text/html", "application/json", "application/xml"])]
    public string? ContentType { get; set; }

    [Input(Description = "The headers to send along with the response.", UIHint = "json-editor", Order = 3)]
    public JsonNode? ResponseHeaders { get; set; }

    public override ActivityResult Execute(ActivityContext context)
    {
        if (ParseStatus(StatusCode) is not { } status)
        {
            return ActivityResult.Fault($"WriteHttpResponse: '{StatusCode}' is not an HTTP status code (a number from 100 to 599 or a name such as NotFound).");
        }

        string? text = null;
        string? contentType = null;
        if (Content is not null)
        {
            var isText = Content is JsonValue v && v.GetValueKind() == JsonValueKind.String;
            text = isText ? Content.GetValue<string>() : Content.ToJsonString();
            contentType = string.IsNullOrWhiteSpace(ContentType) ? (isText ? "text/plain" : "application/json") : ContentType.Trim();
        }

        context.WriteHttpResponse(new HttpResponseData(status, text, contentType, HttpHeadersJson.Read(ResponseHeaders)));
        return ActivityResult.Done();
    }

    private static int? ParseStatus(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? "OK" : value.Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 100 and <= 599 ? number : null;
        }

        return Enum.TryParse<HttpStatusCode>(text, ignoreCase: true, out var named) ? (int)named : null;
    }
}
