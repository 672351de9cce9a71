using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PatientDocs.Simulators.Gateway;

/// <summary>
/// The front door of one simulated service, as a strict gateway: every arriving request counts in its limit's window,
/// refused or not and whether the service behind is up or not; over the limit the answer is 429, else during an
/// outage the outage answers; only what gets through reaches the service and waits its latency.
/// </summary>
public sealed class ServiceGate
{
    private readonly TimeProvider _time;
    private readonly LatencySampler _latency;
    private readonly Dictionary<string, GatedEndpoint> _endpoints;

    private readonly List<TokenWindowLimit> _tokenLimits = [];

    public ServiceGate(string service, double timeScale, TimeProvider time, int latencySeed, IEnumerable<GatedEndpoint> endpoints)
    {
        Service = service;
        TimeScale = timeScale;
        _time = time;
        _latency = new LatencySampler(latencySeed);
        _endpoints = endpoints.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Outages = new OutageBoard(time);
    }

    public string Service { get; }

    public double TimeScale { get; }

    public OutageBoard Outages { get; }

    public GatedEndpoint? Endpoint(string name) => _endpoints.GetValueOrDefault(name);

    /// <summary>Adds a weighted limit the service checks itself (<see cref="EnterAsync"/>'s admission), so stats report it with the others.</summary>
    public void AddTokenLimit(TokenWindowLimit limit) => _tokenLimits.Add(limit);

    public IEnumerable<string> EndpointNames => _endpoints.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// Returns a result to answer instead of the endpoint, or null to let the request through. <paramref name="admit"/>, if
    /// given, is the service's own check once the request reached it (a weighted limit): a refusal answers 429 and counts
    /// as a violation of the endpoint.
    /// </summary>
    public async ValueTask<IResult?> EnterAsync(HttpContext http, string endpoint, Func<LimitRefusal?>? admit = null)
    {
        var gated = _endpoints[endpoint];
        var decision = gated.Limit?.Arrive();
        gated.CountArrival();
        var outage = Outages.ActiveNow();
        // After the check: an outage armed for N requests lets the N-th through and meets the next one.
        Outages.OnArrival();
        if (decision is { Permitted: false } refused)
        {
            gated.CountRequest();
            gated.CountViolation();
            SetRetryAfter(http.Response, refused.RetryAfter);
            var limit = gated.Limit!;
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"Limit '{limit.Name}' allows {limit.Permits} requests per {limit.Period.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        if (outage is not null)
        {
            gated.CountUnavailable();
            return await AnswerOutageAsync(http, outage);
        }

        if (admit?.Invoke() is { } overTokens)
        {
            gated.CountRequest();
            gated.CountViolation();
            SetRetryAfter(http.Response, overTokens.RetryAfter);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: overTokens.Detail);
        }

        gated.CountRequest();
        var latency = _latency.Next(gated.Latency);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _time, http.RequestAborted);
        }

        return null;
    }

    public ServiceStats Snapshot()
    {
        var endpoints = _endpoints.Values.ToDictionary(e => e.Name, e => e.Snapshot(), StringComparer.Ordinal);
        var limits = _endpoints.Values
            .Select(e => e.Limit)
            .OfType<SlidingWindowLimit>()
            .Distinct()
            .ToDictionary(l => l.Name, l => l.Snapshot(), StringComparer.Ordinal);
        foreach (var tokens in _tokenLimits)
        {
            limits[tokens.Name] = tokens.Snapshot();
        }

        return new ServiceStats(
            Service,
            TimeScale,
            endpoints.Values.Sum(e => e.Requests),
            endpoints.Values.Sum(e => e.Violations),
            endpoints.Values.Sum(e => e.Unavailable),
            endpoints,
            limits);
    }

    public void ResetStats()
    {
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Reset();
        }

        foreach (var limit in _endpoints.Values.Select(e => e.Limit).OfType<SlidingWindowLimit>().Distinct())
        {
            limit.ResetCounters();
        }

        _tokenLimits.ForEach(l => l.ResetCounters());
    }

    private async Task<IResult> AnswerOutageAsync(HttpContext http, Outage outage)
    {
        switch (outage.Kind)
        {
            case OutageKind.Refuse:
                http.Abort();
                return Results.Empty;
            case OutageKind.Hang:
                Outages.OnRequestHeld();
                try
                {
                    await outage.Ended.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up: nobody is left to answer.
                    return Results.Empty;
                }

                // The gateway gives up when the service comes back; the request never reached it.
                SetRetryAfter(http.Response, TimeSpan.Zero);
                return Unavailable("The service did not answer.");
            default:
                SetRetryAfter(http.Response, outage.EndsAt - _time.GetUtcNow());
                return Unavailable($"The service is unavailable until {outage.EndsAt:O}.");
        }
    }

    private static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail);

    private static void SetRetryAfter(HttpResponse response, TimeSpan wait)
    {
        var milliseconds = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers["Retry-After-Ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
    }
}
