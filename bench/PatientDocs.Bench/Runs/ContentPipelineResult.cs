using System.Globalization;

namespace PatientDocs.Bench.Runs;

/// <summary>What the content-pipeline scenario measured, and its report.</summary>
public sealed record ContentPipelineResult
{
    public required int Pipelines { get; init; }
    public required int Finished { get; init; }
    public required double TimeScale { get; init; }
    public required int RequestsPerMinute { get; init; }
    public required long TokensPerMinute { get; init; }
    public required double MakespanSeconds { get; init; }
    public required long Requests { get; init; }
    public required long RequestViolations { get; init; }
    public required long TokenViolations { get; init; }
    public required long TokensCharged { get; init; }
    public required long TokensUsed { get; init; }
    public required int MaxTokensInWindow { get; init; }
    public required int MaxRequestsInWindow { get; init; }

    /// <summary>When the first LLM request reached the service (scaled seconds from the starts): the pipelines' start-up.</summary>
    public required double FirstRequestSeconds { get; init; }

    /// <summary>When the service answered the last LLM request (scaled seconds from the starts).</summary>
    public required double LastAnswerSeconds { get; init; }

    /// <summary>The calls per period of 60 scaled seconds from the first request: what the limits let through over time.</summary>
    public required IReadOnlyList<LlmWindowUse> Windows { get; init; }

    public required string LoadAtStart { get; init; }

    public required string LoadAtEnd { get; init; }

    /// <summary>From the first request to the last answer: the part of the makespan the limits govern, against <see cref="BoundSeconds"/>.</summary>
    public double LlmPhaseSeconds => LastAnswerSeconds - FirstRequestSeconds;

    public double BoundSeconds => Math.Max(RequestBoundSeconds, TokenBoundSeconds);

    /// <summary>The least time the request limit allows for all requests: (⌈requests / RPM⌉ − 1) windows.</summary>
    public double RequestBoundSeconds => Bound(Requests, RequestsPerMinute);

    /// <summary>The same for the tokens actually used against tokens per minute.</summary>
    public double TokenBoundSeconds => Bound(TokensUsed, TokensPerMinute);

    public bool Passed => Finished == Pipelines && RequestViolations == 0 && TokenViolations == 0;

    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"scenario=content-pipeline pipelines={Pipelines} finished={Finished} makespan={MakespanSeconds:0.0}s firstRequest={FirstRequestSeconds:0.0}s llmPhase={LlmPhaseSeconds:0.0}s bound={BoundSeconds:0.0}s " +
        $"requestViolations={RequestViolations} tokenViolations={TokenViolations} tokensCharged={TokensCharged} tokensUsed={TokensUsed}");

    public string Markdown() => string.Create(CultureInfo.InvariantCulture, $"""
        # content-pipeline

        {Pipelines} pipelines started at once (half long drafts, half short), TimeScale {TimeScale} (a minute is {60 / TimeScale:0.#} s);
        the LLM allows {RequestsPerMinute} requests and {TokensPerMinute} tokens per minute.

        | measure | value |
        |---|---|
        | finished | {Finished} of {Pipelines} |
        | makespan (scaled: real × TimeScale) | {MakespanSeconds:0.0} s ({MakespanSeconds / TimeScale:0.0} s real) |
        | bound from requests per minute | {RequestBoundSeconds:0.0} s ({Requests} requests) |
        | bound from tokens per minute | {TokenBoundSeconds:0.0} s ({TokensUsed} tokens used) |
        | violations of requests per minute | {RequestViolations} |
        | violations of tokens per minute | {TokenViolations} |
        | most requests in one window (service's count) | {MaxRequestsInWindow} of {RequestsPerMinute} |
        | most tokens in one window (service's count) | {MaxTokensInWindow} of {TokensPerMinute} |
        | tokens charged at the claims (estimates) | {TokensCharged} |
        | tokens used (the answers' usage; what the grants end up charging) | {TokensUsed} |
        | first LLM request at the service (start-up: instances started, first bursts) | {FirstRequestSeconds:0.0} s |
        | LLM phase: first request to last answer (what the bound is a floor of) | {LlmPhaseSeconds:0.0} s against {BoundSeconds:0.0} s |
        | last answer to every pipeline seen finished | {MakespanSeconds - LastAnswerSeconds:0.0} s |
        | machine's 1-minute load average at start / end (2 cores) | {LoadAtStart} / {LoadAtEnd} |

        Calls by period of 60 s from the first request (arrival at the service; tokens as used):

        | from | requests | tokens used |
        |---|---|---|
        {string.Join("\n", Windows.Select(w => string.Create(CultureInfo.InvariantCulture, $"| {w.FromSeconds:0.0} s | {w.Requests} | {w.UsedTokens} |")))}

        """);

    private static double Bound(long amount, long perMinute) => Math.Max(0, Math.Ceiling((double)amount / perMinute) - 1) * 60;
}
