namespace PatientDocs.Bench.Runs;

/// <summary>The requests and tokens used of the calls that arrived in one period, counted from the first request (scaled seconds).</summary>
public sealed record LlmWindowUse(double FromSeconds, int Requests, long UsedTokens);
