using System.Globalization;
using System.Net;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.PatientDocuments.Clients;

/// <summary>Maps HTTP answers and transport errors to task outcomes: 429, 408, 5xx and broken connections are transient, other 4xx permanent.</summary>
public static class HttpOutcomes
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The outcome for a non-2xx answer.</summary>
    public static TaskOutcome FromStatus(HttpResponseMessage response, string operation, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var message = $"{operation} answered {status} {response.ReasonPhrase}".TrimEnd();
        if (status is >= 300 and < 400)
        {
            // Following it would be a second request on one permit; the configured BaseUrl is what needs fixing.
            message += $" redirecting to '{response.Headers.Location}'; redirects are not followed";
        }

        return IsTransient(response.StatusCode)
            ? TaskOutcome.Transient(message, RetryAfter(response, now))
            : TaskOutcome.Permanent(message);
    }

    /// <summary>Prefers Retry-After-Ms (milliseconds), else Retry-After as seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("Retry-After-Ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
