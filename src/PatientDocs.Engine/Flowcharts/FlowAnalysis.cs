namespace PatientDocs.Engine.Flowcharts;

/// <summary>
/// Elsa's forward graph: connections reached breadth-first from the start that do not close a cycle; the rest are backward
/// (loop) connections. Joins count only forward inbound connections.
/// </summary>
public sealed class FlowAnalysis
{
    private readonly HashSet<FlowConnection> forward = [];
    private readonly Dictionary<string, List<FlowConnection>> forwardInbound = [];
    private readonly Dictionary<string, HashSet<string>> ancestors = [];
    private readonly Lock gate = new();

    internal FlowAnalysis(FlowGraph graph, string startId)
    {
        var edges = new List<(string Source, string Target)>();
        var visitedEdges = new HashSet<(string, string)>();
        var visited = new HashSet<string>();
        var queue = new Queue<string>();
        queue.Enqueue(startId);
        while (queue.Count > 0)
        {
            var source = queue.Dequeue();
            if (!visited.Add(source))
            {
                continue;
            }

            foreach (var target in graph.Outbound(source).Select(c => c.Target).Distinct())
            {
                if (visitedEdges.Contains((source, target)) || HasPath(edges, target, source))
                {
                    continue;
                }

                visitedEdges.Add((source, target));
                edges.Add((source, target));
                if (!visited.Contains(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var c in graph.Connections.Where(c => visitedEdges.Contains((c.Source, c.Target))))
        {
            forward.Add(c);
            if (!forwardInbound.TryGetValue(c.Target, out var list))
            {
                forwardInbound[c.Target] = list = [];
            }

            list.Add(c);
        }
    }

    public bool IsBackward(FlowConnection connection) => !forward.Contains(connection);

    public IReadOnlyList<FlowConnection> ForwardInbound(string activityId) => forwardInbound.TryGetValue(activityId, out var list) ? list : [];

    /// <summary>Every activity with a forward path to <paramref name="activityId"/>.</summary>
    public IReadOnlySet<string> Ancestors(string activityId)
    {
        lock (gate)
        {
            if (ancestors.TryGetValue(activityId, out var cached))
            {
                return cached;
            }

            var result = new HashSet<string>();
            var queue = new Queue<string>([activityId]);
            while (queue.Count > 0)
            {
                foreach (var c in ForwardInbound(queue.Dequeue()))
                {
                    if (result.Add(c.Source))
                    {
                        queue.Enqueue(c.Source);
                    }
                }
            }

            ancestors[activityId] = result;
            return result;
        }
    }

    private static bool HasPath(List<(string Source, string Target)> edges, string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        var seen = new HashSet<string>();
        var stack = new Stack<string>([from]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current == to)
            {
                return true;
            }

            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var (s, t) in edges)
            {
                if (s == current && !seen.Contains(t))
                {
                    stack.Push(t);
                }
            }
        }

        return false;
    }
}
