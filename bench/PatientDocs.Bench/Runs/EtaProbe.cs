using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>
/// Asks each started instance's ETA once, shortly after the start: in passes over the instances not yet answered, keeping
/// the first answer that rests on something (a queue position, a timer or history); an instance still starting (its
/// first burst not run, so no task queued) is asked again in the next pass. Stops when every instance has an answer or
/// after <c>window</c>.
/// </summary>
public sealed class EtaProbe(ServerClient server, IReadOnlyList<string> instanceIds)
{
    private readonly Dictionary<string, EtaAnswer> _answers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<EtaAnswer> Answers => _answers.Values;

    public async Task RunAsync(TimeSpan window, TimeSpan pause, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + window;
        while (_answers.Count < instanceIds.Count && DateTimeOffset.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            foreach (var id in instanceIds.Where(id => !_answers.ContainsKey(id)))
            {
                try
                {
                    var answer = await server.GetEtaAsync(id, cancellationToken);
                    if (answer.Basis != "unknown")
                    {
                        _answers[id] = answer;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // A busy server answers late; the next pass asks again.
                }
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
