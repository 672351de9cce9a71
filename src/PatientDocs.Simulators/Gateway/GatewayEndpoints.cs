using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PatientDocs.Simulators.Gateway;

/// <summary>The routes every simulated service has (stats and outages), and the gate filter for its limited routes.</summary>
public static class GatewayEndpoints
{
    private const double MaxSeconds = 30 * 24 * 3600;
    private const long MaxRequests = 1_000_000_000;

    public static RouteHandlerBuilder Gated<TService>(this RouteHandlerBuilder route, string endpoint)
        where TService : ISimulatedService =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var gate = GateOf<TService>(context.HttpContext);
            return await gate.EnterAsync(context.HttpContext, endpoint) ?? await next(context);
        });

    public static RouteGroupBuilder MapGatewayEndpoints<TService>(this RouteGroupBuilder group)
        where TService : ISimulatedService
    {
        // Handlers take HttpContext and resolve the gate, so no handler signature mentions the type parameter.
        group.MapGet("/stats", (HttpContext http) => TypedResults.Ok(GateOf<TService>(http).Snapshot()));
        group.MapDelete("/stats", (HttpContext http) =>
        {
            GateOf<TService>(http).ResetStats();
            return TypedResults.NoContent();
        });
        group.MapGet("/outages", (HttpContext http) => TypedResults.Ok(new OutageList(GateOf<TService>(http).Outages.List())));
        group.MapPost("/outages", (HttpRequest request) => StartOutageAsync(request, GateOf<TService>(request.HttpContext)));
        group.MapDelete("/outages", (HttpContext http) => TypedResults.Ok(new OutagesEnded(GateOf<TService>(http).Outages.EndAll())));
        group.MapGet("/arrivals", (HttpContext http, string? endpoint, string? atLeast) => ArrivalsAsync(http, GateOf<TService>(http), endpoint, atLeast));
        return group;
    }

    private static ServiceGate GateOf<TService>(HttpContext http)
        where TService : ISimulatedService =>
        http.RequestServices.GetRequiredService<TService>().Gate;

    /// <summary>Answers once the endpoint has had <paramref name="atLeast"/> arrivals (at once without it): an event a test can await.</summary>
    private static async Task<IResult> ArrivalsAsync(HttpContext http, ServiceGate gate, string? endpoint, string? atLeast)
    {
        if (endpoint is null || gate.Endpoint(endpoint) is not { } gated)
        {
            return JsonBody.Invalid("endpoint", $"endpoint must be one of {string.Join(", ", gate.EndpointNames)}.");
        }

        long? wanted = null;
        if (atLeast is not null)
        {
            if (!long.TryParse(atLeast, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return JsonBody.Invalid("atLeast", "atLeast must be a whole number, 1 or more.");
            }

            wanted = parsed;
        }

        if (wanted is { } count)
        {
            // Shutting down ends the wait too, so a test that never saw its event does not hold the host open.
            var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            try
            {
                await gated.WhenArrivedAsync(count, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stopped waiting",
                    detail: $"{gated.Arrivals} of {count} requests had arrived at '{gated.Name}'.");
            }
        }

        return TypedResults.Ok(new ArrivalCount(gated.Name, gated.Arrivals));
    }

    private static async Task<IResult> StartOutageAsync(HttpRequest request, ServiceGate gate)
    {
        var (body, error) = await JsonBody.ReadAsync<OutageRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (!OutageBoard.TryParse(body!.Kind, out var kind))
        {
            return JsonBody.Invalid("kind", "kind must be \"unavailable\", \"refuse\" or \"hang\".");
        }

        if (body.DurationSeconds is not (> 0 and <= MaxSeconds))
        {
            return JsonBody.Invalid("durationSeconds", $"durationSeconds must be above 0 and at most {MaxSeconds}.");
        }

        if (body.StartInSeconds is < 0 or > MaxSeconds)
        {
            return JsonBody.Invalid("startInSeconds", $"startInSeconds must be between 0 and {MaxSeconds}.");
        }

        if (body.StartAfterRequests is < 1 or > MaxRequests)
        {
            return JsonBody.Invalid("startAfterRequests", $"startAfterRequests must be between 1 and {MaxRequests}.");
        }

        if (body.StartAfterRequests is not null && body.StartInSeconds is not null)
        {
            return JsonBody.Invalid("startAfterRequests", "Give startInSeconds or startAfterRequests, not both.");
        }

        var scale = gate.TimeScale;
        if (body.StartAfterRequests is { } afterRequests)
        {
            var armed = gate.Outages.Arm(kind, afterRequests, TimeSpan.FromSeconds(body.DurationSeconds.Value / scale));
            return TypedResults.Accepted((string?)null, new OutageView(armed.Id, OutageBoard.Describe(armed.Kind), null, null, armed.Remaining));
        }

        var outage = gate.Outages.Add(
            kind,
            TimeSpan.FromSeconds((body.StartInSeconds ?? 0) / scale),
            TimeSpan.FromSeconds(body.DurationSeconds.Value / scale));
        return TypedResults.Accepted(
            (string?)null,
            new OutageView(outage.Id, OutageBoard.Describe(outage.Kind), outage.StartsAt, outage.EndsAt));
    }
}
