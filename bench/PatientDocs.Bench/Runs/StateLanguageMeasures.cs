using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// The state-language scenario's figures, from the executions as the API shows them: throughput, execution latency, step
/// durations (by type too) and the gaps between one step's end and the next one's start, with the slowest of each.
/// </summary>
public sealed record StateLanguageMeasures
{
    private const int Slowest = 5;

    public required int Ended { get; init; }

    /// <summary>Seconds from the first start request to the last execution's endedAt.</summary>
    public required double SpanSeconds { get; init; }
    public required double ExecutionsPerSecond { get; init; }
    public required Distribution ExecutionMs { get; init; }

    /// <summary>From an execution's startedAt to its first step's: the wait before the engine first runs it.</summary>
    public required Distribution FirstStepMs { get; init; }
    public required Distribution StepMs { get; init; }
    public required IReadOnlyDictionary<string, Distribution> StepMsByType { get; init; }
    public required Distribution TransitionMs { get; init; }

    /// <summary>Transitions whose next step started before the previous one ended (the view's timestamps disagree with the order).</summary>
    public required int NegativeTransitions { get; init; }
    public required IReadOnlyList<string> SlowestExecutions { get; init; }
    public required IReadOnlyList<string> SlowestSteps { get; init; }
    public required IReadOnlyList<string> SlowestTransitions { get; init; }

    public static StateLanguageMeasures Of(IReadOnlyList<ExecutionDetail> executions, DateTimeOffset firstRequest)
    {
        var ended = executions.Where(e => e.EndedAt is not null).ToList();
        var span = ended.Count == 0 ? 0 : (ended.Max(e => e.EndedAt!.Value) - firstRequest).TotalSeconds;
        var steps = executions
            .SelectMany(e => e.Steps.Where(s => s.EndedAt is not null).Select(s => (Execution: e.ExecutionId, Step: s, Ms: Ms(s.EndedAt!.Value - s.StartedAt))))
            .ToList();
        var transitions = executions.SelectMany(Transitions).ToList();
        return new StateLanguageMeasures
        {
            Ended = ended.Count,
            SpanSeconds = span,
            ExecutionsPerSecond = span > 0 ? ended.Count / span : 0,
            ExecutionMs = Distribution.Of(ended.Select(e => Ms(e.EndedAt!.Value - e.StartedAt))),
            FirstStepMs = Distribution.Of(executions.Where(e => e.Steps.Count > 0).Select(e => Ms(e.Steps.Min(s => s.StartedAt) - e.StartedAt))),
            StepMs = Distribution.Of(steps.Select(s => s.Ms)),
            StepMsByType = steps.GroupBy(s => s.Step.Type).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Distribution.Of(g.Select(s => s.Ms))),
            TransitionMs = Distribution.Of(transitions.Select(t => t.Ms)),
            NegativeTransitions = transitions.Count(t => t.Ms < 0),
            SlowestExecutions = ended.OrderByDescending(e => e.EndedAt!.Value - e.StartedAt).Take(Slowest)
                .Select(e => Inv($"{e.ExecutionId}: {Ms(e.EndedAt!.Value - e.StartedAt):0} ms ({e.Status} at {e.CurrentState}), started {e.StartedAt:HH:mm:ss.fff}"))
                .ToList(),
            SlowestSteps = steps.OrderByDescending(s => s.Ms).Take(Slowest)
                .Select(s => Inv($"{s.Execution} {s.Step.StateName} ({s.Step.Type}, {s.Step.Status}, attempts {s.Step.Attempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}): {s.Ms:0} ms from {s.Step.StartedAt:HH:mm:ss.fff}"))
                .ToList(),
            SlowestTransitions = transitions.OrderByDescending(t => t.Ms).Take(Slowest)
                .Select(t => Inv($"{t.Execution} {t.From} → {t.To}: {t.Ms:0} ms from {t.At:HH:mm:ss.fff}"))
                .ToList(),
        };
    }

    // Steps in the order the execution reached them; the gap is the engine's scheduling cost between two states.
    private static IEnumerable<(string Execution, string From, string To, DateTimeOffset At, double Ms)> Transitions(ExecutionDetail execution)
    {
        var ordered = execution.Steps.Select((s, i) => (Step: s, Index: i)).OrderBy(p => p.Step.StartedAt).ThenBy(p => p.Index).Select(p => p.Step).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i - 1].EndedAt is { } previousEnd)
            {
                yield return (execution.ExecutionId, ordered[i - 1].StateName, ordered[i].StateName, previousEnd, Ms(ordered[i].StartedAt - previousEnd));
            }
        }
    }

    private static double Ms(TimeSpan span) => span.TotalMilliseconds;

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
