using PatientDocs.Engine.Activities.BuiltIns;
using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Execution;

// Elsa's two flowchart schedulers, rebuilt from their documented behaviour.
internal sealed partial class Burst
{
    private static readonly string[] NoOutcomes = [];

    // ---- Counter-based (Elsa's default) -------------------------------------------------------------------------

    /// <summary>Visits every outbound connection; an empty outcome list propagates a skip so joins downstream are not left waiting.</summary>
    private void ScheduleOutbound(ScopeState scope, string activityId, IReadOnlyList<string> outcomes, bool backward)
    {
        var graph = GraphOf(scope);
        var analysis = graph.Analyse(scope.StartId);
        if (!backward)
        {
            scope.Visits[activityId] = scope.Visits.GetValueOrDefault(activityId) + 1;
        }

        foreach (var connection in graph.Outbound(activityId))
        {
            var followed = outcomes.Contains(connection.SourcePort);
            scope.ConnectionVisits[connection.Key] = scope.ConnectionVisits.GetValueOrDefault(connection.Key) + 1;
            scope.ConnectionFollowed[connection.Key] = followed;
            if (analysis.IsBackward(connection))
            {
                if (followed)
                {
                    Enqueue(scope, connection.Target, backward: true);
                }

                continue;
            }

            MaybeScheduleForward(scope, graph, analysis, connection);
        }
    }

    private void MaybeScheduleForward(ScopeState scope, FlowGraph graph, FlowAnalysis analysis, FlowConnection connection)
    {
        var target = graph.ById[connection.Target];
        var inbound = analysis.ForwardInbound(target.Id);
        var targetVisits = scope.Visits.GetValueOrDefault(target.Id);
        var allVisited = inbound.All(c => scope.ConnectionVisits.GetValueOrDefault(c.Key) > targetVisits);
        switch (JoinMode(target))
        {
            case FlowJoinMode.WaitAll:
                if (!allVisited)
                {
                    return;
                }

                if (inbound.All(c => scope.ConnectionFollowed.GetValueOrDefault(c.Key)))
                {
                    Enqueue(scope, target.Id);
                }
                else
                {
                    ScheduleOutbound(scope, target.Id, NoOutcomes, false);
                }

                return;
            case FlowJoinMode.WaitAny:
                if (scope.ConnectionVisits.GetValueOrDefault(connection.Key) <= targetVisits || queue.Any(q => q.ScopeId == scope.Id && q.ActivityId == target.Id))
                {
                    return;
                }

                if (AnyFollowed(scope, inbound, targetVisits))
                {
                    Enqueue(scope, target.Id);
                    CancelInboundAncestors(scope, analysis, target.Id, propagateSkip: true);
                }
                else if (allVisited)
                {
                    ScheduleOutbound(scope, target.Id, NoOutcomes, false);
                }

                return;
            default:
                // An implicit join: wait until every forward inbound connection was visited, run if any was followed.
                if (!allVisited)
                {
                    return;
                }

                if (AnyFollowed(scope, inbound, targetVisits))
                {
                    Enqueue(scope, target.Id);
                }
                else
                {
                    ScheduleOutbound(scope, target.Id, NoOutcomes, false);
                }

                return;
        }
    }

    private static bool AnyFollowed(ScopeState scope, IReadOnlyList<FlowConnection> inbound, long targetVisits)
    {
        if (inbound.Count == 0)
        {
            return false;
        }

        var max = inbound.Max(c => scope.ConnectionVisits.GetValueOrDefault(c.Key));
        return max > targetVisits && inbound.Any(c => scope.ConnectionVisits.GetValueOrDefault(c.Key) == max && scope.ConnectionFollowed.GetValueOrDefault(c.Key));
    }

    private FlowJoinMode? JoinMode(FlowActivity activity)
    {
        if (activity.Type != "Elsa.FlowJoin")
        {
            return null;
        }

        try
        {
            var value = evaluator.EvaluateInput(activity.Json["mode"], this) is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            return Enum.TryParse<FlowJoinMode>(value, ignoreCase: true, out var mode) ? mode : FlowJoinMode.WaitAny;
        }
        catch (Expressions.ExpressionException)
        {
            return FlowJoinMode.WaitAny;
        }
    }

    /// <summary>A WaitAny join fired: cancel ancestors still waiting on bookmarks in this flowchart (timers, events, tasks).</summary>
    private void CancelInboundAncestors(ScopeState scope, FlowAnalysis analysis, string targetId, bool propagateSkip)
    {
        var ancestors = analysis.Ancestors(targetId);
        foreach (var bookmark in state.Bookmarks.Where(b => b.ScopeId == scope.Id && ancestors.Contains(b.ActivityId)).ToList())
        {
            state.Bookmarks.Remove(bookmark);
            removedBookmarkIds.Add(bookmark.BookmarkId);
            CancelExecution(bookmark);
            scope.Active--;
            scope.Tokens.RemoveAll(t => t.From == bookmark.ActivityId || t.To == bookmark.ActivityId);
            if (propagateSkip)
            {
                ScheduleOutbound(scope, bookmark.ActivityId, NoOutcomes, false);
            }
        }
    }

    // ---- Token-based --------------------------------------------------------------------------------------------

    private void ScheduleByTokens(ScopeState scope, FlowActivity completed, IReadOnlyList<string> outcomes)
    {
        var graph = GraphOf(scope);
        var analysis = graph.Analyse(scope.StartId);
        var active = graph.Outbound(completed.Id).Where(c => outcomes.Contains(c.SourcePort)).Distinct().ToList();
        foreach (var c in active)
        {
            scope.Tokens.Add(new TokenState { From = c.Source, Outcome = c.SourcePort, To = c.Target });
        }

        foreach (var t in scope.Tokens.Where(t => t.To == completed.Id && !t.Consumed && !t.Blocked))
        {
            t.Consumed = true;
        }

        foreach (var connection in active)
        {
            var target = graph.ById[connection.Target];
            switch (MergeModeOf(target))
            {
                case "Race" or "Cascade":
                    if (MergeModeOf(target) == "Race")
                    {
                        CancelInboundAncestors(scope, analysis, target.Id, propagateSkip: false);
                    }

                    var blocked = scope.Tokens.FirstOrDefault(t => t.To == target.Id && t.From == connection.Source && t.Outcome == connection.SourcePort && t.Blocked);
                    if (blocked is null)
                    {
                        Enqueue(scope, target.Id);
                        foreach (var other in analysis.ForwardInbound(target.Id).Where(x => x.Source != completed.Id))
                        {
                            scope.Tokens.Add(new TokenState { From = other.Source, Outcome = other.SourcePort, To = other.Target, Blocked = true });
                        }
                    }
                    else
                    {
                        blocked.Consumed = true;
                    }

                    break;
                case "Merge":
                    ScheduleWhenAllTokens(scope, target, analysis.ForwardInbound(target.Id));
                    break;
                case "Converge":
                    ScheduleWhenAllTokens(scope, target, graph.Inbound(target.Id));
                    break;
                default:
                    // Stream: run once no inbound source still holds an unconsumed token (dead paths are ignored).
                    var sources = analysis.ForwardInbound(target.Id).Select(c => c.Source).ToHashSet();
                    if (!scope.Tokens.Any(t => !t.Consumed && !t.Blocked && sources.Contains(t.To)))
                    {
                        Enqueue(scope, target.Id);
                    }

                    break;
            }
        }

        // Consumed tokens into the completed activity are spent; dropping them keeps the state from growing in loops.
        scope.Tokens.RemoveAll(t => t.To == completed.Id && t.Consumed);
    }

    private void ScheduleWhenAllTokens(ScopeState scope, FlowActivity target, IReadOnlyList<FlowConnection> inbound)
    {
        if (inbound.Count <= 1 || inbound.All(c => scope.Tokens.Any(t => !t.Consumed && !t.Blocked && t.From == c.Source && t.To == target.Id && t.Outcome == c.SourcePort)))
        {
            Enqueue(scope, target.Id);
        }
    }

    private string MergeModeOf(FlowActivity activity)
    {
        if (activity.Type == "Elsa.FlowJoin")
        {
            return JoinMode(activity) == FlowJoinMode.WaitAny ? "Race" : "Converge";
        }

        return activity.CustomProperty("mergeMode") ?? "Stream";
    }
}
