using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.PatientDocuments.Clients;

/// <summary>
/// Sends one request on behalf of a task: checks the rate-limit permit first, stamps the Idempotency-Key, bounds the
/// whole exchange by a timeout (and the wait for the answer by the permit's hold), releases the permit as soon as the
/// answer arrives or the request fails, and turns every failure into the outcome the task returns.
/// </summary>
public static class ServiceCaller
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ServiceResponse<T>> SendAsync<T>(
        HttpClient http,
        ServiceOptions options,
        TaskContext context,
        string operation,
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readAsync,
        CancellationToken cancellationToken,
        TimeSpan? timeoutOverride = null)
    {
        // A request must be answered within the permit's hold; one that would leave after it must not leave at all.
        if (!context.PermitStillValid())
        {
            return new ServiceResponse<T>(default, TaskOutcome.Requeue());
        }

        var limit = timeoutOverride ?? options.ScaledTimeout(context.TimeScale);
        using var timeout = new CancellationTokenSource(limit, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // Past the hold the permit stops counting for this request, so by then it must have been answered or abandoned.
        using var held = new CancellationTokenSource(HoldLeft(context), context.Time);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, held.Token);
        try
        {
            using var request = createRequest();
            request.Headers.Remove(HttpOutcomes.IdempotencyKeyHeader);
            request.Headers.TryAddWithoutValidation(HttpOutcomes.IdempotencyKeyHeader, context.IdempotencyKey);
            HttpResponseMessage sent;
            try
            {
                sent = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, sending.Token);
            }
            finally
            {
                // Answered, refused or abandoned: this request can no longer reach the service after now.
                context.ReleasePermit();
            }

            using var response = sent;
            if (!response.IsSuccessStatusCode)
            {
                return new ServiceResponse<T>(default, HttpOutcomes.FromStatus(response, operation, context.Time.GetUtcNow()));
            }

            return new ServiceResponse<T>(await readAsync(response, linked.Token), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Transient($"{operation} timed out after {limit}"));
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Transient($"{operation} was not answered within its rate-limit permit's hold"));
        }
        catch (HttpRequestException ex)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Transient($"{operation} failed: {ex.Message}"));
        }
        catch (IOException ex)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Transient($"{operation} failed while reading: {ex.Message}"));
        }
        catch (SocketException ex)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Transient($"{operation} failed: {ex.Message}"));
        }
        catch (JsonException ex)
        {
            return new ServiceResponse<T>(default, TaskOutcome.Permanent($"{operation} answered malformed JSON: {ex.Message}"));
        }
    }

    private static TimeSpan HoldLeft(TaskContext context)
    {
        if (context.PermitHeldUntil is not { } until)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var left = until - context.Time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
    }

    public static HttpRequestMessage JsonRequest(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent(body);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var value = await response.Content.ReadFromJsonAsyncSafe<T>(cancellationToken);
        return value ?? throw new JsonException($"Expected a {typeof(T).Name} but the body was empty or null.");
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json), System.Text.Encoding.UTF8, "application/json");

    private static async Task<T?> ReadFromJsonAsyncSafe<T>(this HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
    }
}
