using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Api;

/// <summary>A simulator's stats: totals, per-endpoint request counts and its limits.</summary>
public sealed record ServiceStats(
    string Service,
    long Requests,
    long Violations,
    IReadOnlyDictionary<string, long> EndpointRequests,
    IReadOnlyList<LimitStats> Limits,
    JsonNode Raw)
{
    public static ServiceStats Parse(string service, JsonNode raw)
    {
        var endpoints = new Dictionary<string, long>();
        if (raw["endpoints"] is JsonObject endpointNodes)
        {
            foreach (var (name, node) in endpointNodes)
            {
                endpoints[name] = node?["requests"]?.GetValue<long>() ?? 0;
            }
        }

        // The simulator reports each window already divided by its TimeScale.
        var timeScale = raw["timeScale"]?.GetValue<double>() ?? 1;
        var limits = new List<LimitStats>();
        if (raw["limits"] is JsonObject limitNodes)
        {
            foreach (var (name, node) in limitNodes)
            {
                var window = node?["periodSeconds"]?.GetValue<double>() ?? 0;
                limits.Add(new LimitStats(
                    service,
                    name,
                    node?["permits"]?.GetValue<int>() ?? 0,
                    window,
                    window * timeScale,
                    node?["requests"]?.GetValue<long>() ?? 0,
                    node?["maxInWindow"]?.GetValue<long>() ?? 0,
                    node?["violations"]?.GetValue<long>() ?? 0,
                    node?["slack"]?["p50Ms"]?.GetValue<double>(),
                    node?["slack"]?["p90Ms"]?.GetValue<double>(),
                    node?["slack"]?["totalMs"]?.GetValue<double>(),
                    node?["firstArrivalAt"]?.GetValue<DateTimeOffset>(),
                    node?["lastArrivalAt"]?.GetValue<DateTimeOffset>()));
            }
        }

        return new ServiceStats(
            service,
            raw["requests"]?.GetValue<long>() ?? 0,
            raw["violations"]?.GetValue<long>() ?? 0,
            endpoints,
            limits,
            raw);
    }
}
