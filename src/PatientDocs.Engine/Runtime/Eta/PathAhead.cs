using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Runtime.Eta;

/// <summary>The activities a flowchart can still reach from some of its activities, following its connections.</summary>
public static class PathAhead
{
    /// <summary>Every activity id reachable from <paramref name="from"/> by one or more connections (not those themselves, unless a loop leads back).</summary>
    public static IReadOnlySet<string> Downstream(JsonObject? root, IEnumerable<string> from)
    {
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var connection in (root?["connections"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (connection["source"]?["activity"]?.GetValue<string>() is { } source && connection["target"]?["activity"]?.GetValue<string>() is { } target)
            {
                if (!next.TryGetValue(source, out var targets))
                {
                    next[source] = targets = [];
                }

                targets.Add(target);
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(from);
        while (pending.TryDequeue(out var current))
        {
            foreach (var target in next.GetValueOrDefault(current) ?? [])
            {
                if (reached.Add(target))
                {
                    pending.Enqueue(target);
                }
            }
        }

        return reached;
    }
}
