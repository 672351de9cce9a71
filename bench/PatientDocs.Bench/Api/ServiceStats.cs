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
    /// <summary>Requests that count in a limit: the endpoints its name lists ("search+download"), else every request.</summary>
    public long RequestsFor(LimitStats limit)
    {
        var parts = limit.Name.Split('+', StringSplitOptions.TrimEntries);
        var matched = parts.Where(EndpointRequests.ContainsKey).ToList();
        return matched.Count == 0 ? Requests : matched.Sum(p => EndpointRequests[p]);
    }

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

        var limits = new List<LimitStats>();
        if (raw["limits"] is JsonObject limitNodes)
        {
            foreach (var (name, node) in limitNodes)
            {
                limits.Add(new LimitStats(
                    service,
                    name,
                    node?["permits"]?.GetValue<int>() ?? 0,
                    node?["periodSeconds"]?.GetValue<double>() ?? 0,
                    node?["maxInWindow"]?.GetValue<long>() ?? 0,
                    node?["violations"]?.GetValue<long>() ?? 0));
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
