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

    /// <summary>The least time the request limit allows for all requests: (⌈requests / RPM⌉ − 1) windows.</summary>
    public double RequestBoundSeconds => Bound(Requests, RequestsPerMinute);

    /// <summary>The same for the tokens actually used against tokens per minute.</summary>
    public double TokenBoundSeconds => Bound(TokensUsed, TokensPerMinute);

    public bool Passed => Finished == Pipelines && RequestViolations == 0 && TokenViolations == 0;

    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"scenario=content-pipeline pipelines={Pipelines} finished={Finished} makespan={MakespanSeconds:0.0}s bound={Math.Max(RequestBoundSeconds, TokenBoundSeconds):0.0}s " +
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

        """);

    private static double Bound(long amount, long perMinute) => Math.Max(0, Math.Ceiling((double)amount / perMinute) - 1) * 60;
}
