using System.Text;
using Microsoft.Extensions.Options;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.Llm;

/// <summary>
/// The state of the simulated LLM service: its gate (requests per window, outages, latency), its token window, and the
/// rejections armed per step. Completions are deterministic text of <c>CompletionFraction</c> of maxTokens.
/// </summary>
public sealed class LlmSimulator : ISimulatedService
{
    public const string RequestsLimit = "requests";
    public const string TokensLimit = "tokens";
    public const string CompleteEndpoint = "complete";

    /// <summary>The call log keeps the first this many completions: a bench run's worth, never a long-running server's memory.</summary>
    public const int MaxCallsLogged = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _rejections = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly LlmOptions _options;
    private readonly double _scale;
    private readonly List<LlmCall> _calls = [];
    private long _promptTokens;
    private long _completionTokens;
    private long _completions;
    private long _reservedTokens;

    public LlmSimulator(IOptions<SimulatorsOptions> options, TimeProvider time)
    {
        _time = time;
        _options = options.Value.Llm;
        _scale = options.Value.TimeScale;
        var requests = new SlidingWindowLimit(RequestsLimit, _options.Requests.Permits, TimeSpan.FromSeconds(_options.Requests.PeriodSeconds / _scale), time);
        Tokens = new TokenWindowLimit(TokensLimit, _options.Tokens.Tokens, TimeSpan.FromSeconds(_options.Tokens.PeriodSeconds / _scale), time);
        var latency = EndpointLatency.From(_options.Latency, _scale, options.Value.LatencyMultiplier);
        LatencyMultiplier = options.Value.LatencyMultiplier;
        // Its own stream of draws, as TaskTracker has.
        Gate = new ServiceGate("llm", _scale, time, unchecked(options.Value.LatencySeed + 2), [new GatedEndpoint(CompleteEndpoint, requests, latency)]);
        Gate.AddTokenLimit(Tokens);
        foreach (var outage in _options.Outages)
        {
            Gate.Outages.Add(outage.Kind, TimeSpan.FromSeconds(outage.StartInSeconds / _scale), TimeSpan.FromSeconds(outage.DurationSeconds / _scale));
        }
    }

    public ServiceGate Gate { get; }

    public TokenWindowLimit Tokens { get; }

    private double LatencyMultiplier { get; }

    /// <summary>Tokens used by every completion answered (prompt and completion), never reset by the stats' reset.</summary>
    public CompletionUsage TotalUsage
    {
        get
        {
            lock (_gate)
            {
                return new CompletionUsage(_promptTokens, _completionTokens, _promptTokens + _completionTokens);
            }
        }
    }

    /// <summary>What <c>GET /sim/llm/usage</c> reports: the completions answered, what their arrivals reserved and what they used.</summary>
    public LlmUsageTotals Totals()
    {
        lock (_gate)
        {
            return new LlmUsageTotals(_completions, _reservedTokens, _promptTokens, _completionTokens, _promptTokens + _completionTokens);
        }
    }

    /// <summary>What <c>GET /sim/llm/calls</c> lists: the completions answered so far, in the order they were answered.</summary>
    public IReadOnlyList<LlmCall> Calls()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    public long Completions
    {
        get
        {
            lock (_gate)
            {
                return _completions;
            }
        }
    }

    public void ArmRejections(string step, int count)
    {
        lock (_gate)
        {
            _rejections[step] = _rejections.GetValueOrDefault(step) + count;
        }
    }

    public RejectionsArmed Rejections()
    {
        lock (_gate)
        {
            return new RejectionsArmed(new Dictionary<string, int>(_rejections, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>Whether this request is one an armed rejection takes (and takes it).</summary>
    public bool TakeRejection(string? step)
    {
        lock (_gate)
        {
            if (step is null || !_rejections.TryGetValue(step, out var left) || left <= 0)
            {
                return false;
            }

            if (left == 1)
            {
                _rejections.Remove(step);
            }
            else
            {
                _rejections[step] = left - 1;
            }

            return true;
        }
    }

    /// <summary>Writes the completion for an admitted request, waits its per-token time, and records the usage.</summary>
    public async Task<CompletionResponse> CompleteAsync(string prompt, int maxTokens, string? step, DateTimeOffset arrivedAt, CancellationToken cancellationToken)
    {
        var promptTokens = TokenCount.Of(prompt);
        var completionTokens = Math.Max(1, (long)Math.Floor(maxTokens * _options.CompletionFraction));
        var perToken = TimeSpan.FromMilliseconds(_options.MillisecondsPerCompletionToken * completionTokens * LatencyMultiplier / _scale);
        if (perToken > TimeSpan.Zero)
        {
            await Task.Delay(perToken, _time, cancellationToken);
        }

        var text = Write(step ?? "text", prompt, completionTokens);
        lock (_gate)
        {
            _reservedTokens += promptTokens + maxTokens;
            _promptTokens += promptTokens;
            _completionTokens += completionTokens;
            _completions++;
            if (_calls.Count < MaxCallsLogged)
            {
                _calls.Add(new LlmCall(step, arrivedAt, _time.GetUtcNow(), promptTokens + maxTokens, promptTokens + completionTokens));
            }
        }

        return new CompletionResponse($"cmpl-{Guid.NewGuid():N}", text, new CompletionUsage(promptTokens, completionTokens, promptTokens + completionTokens));
    }

    /// <summary>Exactly <paramref name="tokens"/> tokens of text (4 characters each) naming the step and echoing the prompt.</summary>
    private static string Write(string step, string prompt, long tokens)
    {
        var seed = $"[{step}] {string.Join(' ', prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(12))} ";
        var length = tokens * TokenCount.CharactersPerToken;
        var builder = new StringBuilder((int)Math.Min(length, int.MaxValue));
        while (builder.Length < length)
        {
            builder.Append(seed);
        }

        builder.Length = (int)length;
        return builder.ToString();
    }
}
