using System.Diagnostics;
using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// Starts <c>count</c> executions of the sample, each on the path <c>caseFor(index)</c> chooses, with a bounded number of
/// start requests in flight; remembers which execution was meant to take which path.
/// </summary>
public sealed class ExecutionBurst(StateLanguageClient api, int count, int concurrency, Func<int, OrderCase> caseFor, string orderPrefix)
{
    private readonly string?[] _ids = new string?[count];
    private readonly Stopwatch _clock = new();
    private int _accepted;
    private int _failed;
    private string? _firstFailure;
    private volatile bool _dispatched;

    public int Count => count;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Failed => Volatile.Read(ref _failed);

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>True once every start request has been answered (or has failed).</summary>
    public bool Dispatched => _dispatched;

    /// <summary>Time since the first start request.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The accepted executions in start order, each with the path its input chose.</summary>
    public IReadOnlyList<(string ExecutionId, OrderCase Expected)> Started =>
        [.. _ids.Select((id, i) => (Id: id, Index: i)).Where(p => p.Id is not null).Select(p => (p.Id!, caseFor(p.Index)))];

    /// <summary>Sends every start request; returns the seconds from the first request until the last was answered.</summary>
    public async Task<double> StartAllAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, token) =>
            {
                try
                {
                    _ids[i] = await api.StartAsync(OrderCase.WorkflowName, caseFor(i).Input($"{orderPrefix}-{i}"), token);
                    Interlocked.Increment(ref _accepted);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !token.IsCancellationRequested))
                {
                    Interlocked.Increment(ref _failed);
                    Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
                }
            });
            return _clock.Elapsed.TotalSeconds;
        }
        finally
        {
            _dispatched = true;
        }
    }
}
