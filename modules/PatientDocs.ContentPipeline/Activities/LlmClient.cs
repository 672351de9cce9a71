using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PatientDocs.ContentPipeline.Hosting;
using PatientDocs.Engine.Activities;

namespace PatientDocs.ContentPipeline.Activities;

/// <summary>
/// One call to <c>POST {BaseUrl}complete</c> on behalf of a task: refuses to send once the permit's hold has passed,
/// releases the permit at the answer, and maps every answer to an outcome that carries the tokens the service charged
/// (the usage on success, none for a refusal, unknown — the estimate stays — when the call was lost on the way).
/// </summary>
public sealed class LlmClient(IHttpClientFactory factory, IOptions<ContentPipelineOptions> options)
{
    public const string HttpClientName = "ContentPipeline.Llm";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(LlmAnswer? Answer, TaskOutcome? Failure)> CompleteAsync(
        TaskContext context, string step, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        if (!context.PermitStillValid())
        {
            return (null, TaskOutcome.Requeue());
        }

        var http = factory.CreateClient(HttpClientName);
        using var timeout = new CancellationTokenSource(options.Value.RequestTimeout / context.TimeScale, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri(), "complete"))
            {
                Content = JsonContent.Create(new { prompt, maxTokens, step }, options: Json),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);
            HttpResponseMessage sent;
            try
            {
                sent = await http.SendAsync(request, linked.Token);
            }
            finally
            {
                context.ReleasePermit();
            }

            using var response = sent;
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync<LlmAnswer>(Json, linked.Token)
                    ?? throw new JsonException("The answer was empty.");
                return (answer, null);
            }

            // The service refused or rejected the request: it charged no tokens for it.
            var message = $"LLM step '{step}' answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            var failure = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500
                ? TaskOutcome.Transient(message, RetryAfter(response))
                : TaskOutcome.Permanent(message);
            return (null, failure with { UnitsUsed = 0 });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, TaskOutcome.Transient($"LLM step '{step}' timed out"));
        }
        catch (HttpRequestException ex)
        {
            return (null, TaskOutcome.Transient($"LLM step '{step}' failed: {ex.Message}"));
        }
        catch (JsonException ex)
        {
            return (null, TaskOutcome.Permanent($"LLM step '{step}' answered malformed JSON: {ex.Message}"));
        }
    }

    private Uri BaseUri()
    {
        var url = options.Value.BaseUrl ?? throw new InvalidOperationException($"{ContentPipelineOptions.Section}:BaseUrl is not set.");
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After-Ms", out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : response.Headers.RetryAfter?.Delta;
}
