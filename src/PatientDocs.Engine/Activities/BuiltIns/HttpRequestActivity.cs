using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>
/// Elsa's SendHttpRequest and FlowSendHttpRequest as a durable task: the request runs on a task queue (<see cref="TaskQueue"/>,
/// by default the unlimited <c>http</c>), drawing on that queue's slots and rate limit, and carries the task's stable
/// <c>Idempotency-Key</c>. A refused connection, a timeout, 408, 429 (after its Retry-After) and 5xx are retried with the
/// queue's backoff until its deadline, unless the status is one the activity expects. When the retries give up, a connection
/// failure takes <see cref="FailedToConnectPort"/> and a timeout <see cref="TimeoutPort"/> if the workflow connects them, as
/// Elsa's do; otherwise the activity faults. Redirects are answered, not followed (following one would be a second request on
/// one permit).
/// </summary>
public abstract class HttpRequestActivity : TaskActivity
{
    public const string DefaultQueue = "http";
    public const string UnmatchedStatusCode = "Unmatched status code";
    private const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxResponseBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    // One pooled client for every workflow request: sockets are reused and DNS changes still seen.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    [Input(Description = "The URL to send the request to.", Order = 0)]
    public string? Url { get; set; }

    [Input(Description = "The HTTP method to use when sending the request.", UIHint = "dropdown", Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], DefaultValue = "GET", Order = 1)]
    public string? Method { get; set; } = "GET";

    [Input(Description = "The content to send with the request. Can be a string or an object.", Order = 2)]
    public JsonNode? Content { get; set; }

    [Input(Description = "The content type to use when sending the request.", UIHint = "dropdown", Order = 3, Options = ["", "application/json", "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded"])]
    public string? ContentType { get; set; }

    [Input(Description = "The Authorization header value to send with the request. For example: Bearer {some-access-token}", Order = 4)]
    public string? Authorization { get; set; }

    [Input(Description = "A value that allows to add the Authorization header without validation.", UIHint = "checkbox", Order = 5)]
    public bool DisableAuthorizationHeaderValidation { get; set; }

    [Input(Description = "The headers to send along with the request.", UIHint = "json-editor", Order = 6)]
    public JsonNode? RequestHeaders { get; set; }

    [Input(Description = "The task queue (under PatientDocs:Services) whose slots and rate limit this request draws on; default http, unlimited.", Order = 7)]
    public string? TaskQueue { get; set; }

    [Output(Description = "The HTTP response status code")]
    public int StatusCode { get; set; }

    [Output(Description = "The parsed content, if any.")]
    public JsonNode? ParsedContent { get; set; }

    [Output(Description = "The response headers that were received.")]
    public JsonNode? ResponseHeaders { get; set; }

    public override string Queue => string.IsNullOrWhiteSpace(TaskQueue) ? DefaultQueue : TaskQueue.Trim();

    /// <summary>Where a request that could not reach the service goes once the retries give up (a flow port or a slot).</summary>
    protected abstract string FailedToConnectPort { get; }

    /// <summary>The status codes that choose a port of their own; any other final status goes to <see cref="UnmatchedStatusCode"/>.</summary>
    protected abstract IReadOnlyCollection<int> ExpectedStatusCodeList();

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return TaskOutcome.Permanent($"Url '{Url}' is not an absolute http or https URL.");
        }

        HttpRequestMessage request;
        try
        {
            request = BuildRequest(url, context.IdempotencyKey);
        }
        catch (FormatException e)
        {
            return TaskOutcome.Permanent($"The request could not be built: {e.Message}");
        }

        // The permit's hold ended while the task waited: the request must not leave under it.
        if (!context.PermitStillValid())
        {
            request.Dispose();
            return TaskOutcome.Requeue();
        }

        using (request)
        {
            return await SendAsync(request, context, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TaskOutcome> SendAsync(HttpRequestMessage request, TaskContext context, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Shorter(RequestTimeout, HoldLeft(context)), context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            HttpResponseMessage sent;
            try
            {
                sent = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            }
            finally
            {
                // Answered, refused or abandoned: the request can no longer reach the service after now.
                context.ReleasePermit();
            }

            using var response = sent;
            return await ReadAsync(response, context, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TaskOutcome.Transient($"{request.Method} {request.RequestUri} was not answered in time.", failurePort: TimeoutPort);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return TaskOutcome.Transient($"{request.Method} {request.RequestUri} failed: {e.Message}", failurePort: FailedToConnectPort);
        }
    }

    private async Task<TaskOutcome> ReadAsync(HttpResponseMessage response, TaskContext context, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var expected = ExpectedStatusCodeList();
        if (!expected.Contains(status) && IsTransient(response.StatusCode))
        {
            return TaskOutcome.Transient($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {status} {response.ReasonPhrase}".TrimEnd(), RetryAfter(response, context.Time.GetUtcNow()));
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxResponseBytes)
        {
            return TaskOutcome.Permanent($"The response body is {body.Length} bytes; at most {MaxResponseBytes} are kept as an output.");
        }

        StatusCode = status;
        ResponseHeaders = HeadersOf(response);
        ParsedContent = Parse(body, response.Content.Headers.ContentType);
        if (expected.Count == 0)
        {
            return TaskOutcome.Completed();
        }

        return TaskOutcome.CompletedThrough(expected.Contains(status) ? status.ToString(CultureInfo.InvariantCulture) : UnmatchedStatusCode, "Done");
    }

    private HttpRequestMessage BuildRequest(Uri url, string idempotencyKey)
    {
        var request = new HttpRequestMessage(new HttpMethod(string.IsNullOrWhiteSpace(Method) ? "GET" : Method.Trim().ToUpperInvariant()), url);
        if (!string.IsNullOrWhiteSpace(Authorization))
        {
            if (DisableAuthorizationHeaderValidation)
            {
                request.Headers.TryAddWithoutValidation("Authorization", Authorization);
            }
            else
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(Authorization);
            }
        }

        foreach (var (name, values) in HttpHeadersJson.Read(RequestHeaders))
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        if (!request.Headers.Contains(IdempotencyKeyHeader))
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        // As Elsa: content is sent only with a content type.
        if (Content is not null && !string.IsNullOrWhiteSpace(ContentType))
        {
            var mediaType = MediaTypeHeaderValue.Parse(ContentType).MediaType ?? "text/plain";
            var text = mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && ValueConverter.AsStructured(Content) is JsonObject fields
                ? FormText(fields)
                : Content is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Content.ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, mediaType);
        }

        return request;
    }

    private static string FormText(JsonObject fields) => string.Join('&', fields.Select(f =>
        Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : f.Value?.ToJsonString() ?? "")));

    private static JsonNode? Parse(byte[] body, MediaTypeHeaderValue? contentType)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        var media = contentType?.MediaType ?? "";
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // A service that mislabels its body still gets its text through.
                return JsonValue.Create(text);
            }
        }

        return JsonValue.Create(text);
    }

    private static JsonObject HeadersOf(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        return headers;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static TimeSpan HoldLeft(TaskContext context)
    {
        if (context.PermitHeldUntil is not { } until)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = until - context.Time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => b == Timeout.InfiniteTimeSpan || a < b ? a : b;
}
