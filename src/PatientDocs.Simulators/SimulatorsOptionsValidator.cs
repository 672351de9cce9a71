using Microsoft.Extensions.Options;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators;

/// <summary>Names every invalid field of the <c>Simulators</c> section at start.</summary>
public sealed class SimulatorsOptionsValidator : IValidateOptions<SimulatorsOptions>
{
    private static readonly string[] DocumentExchangeEndpoints = ["search", "status", "download"];
    private static readonly string[] TaskTrackerEndpoints = ["create", "status", "report", "read", "list"];

    /// <summary>A minute: any more and an answer would outlast the clients' timeouts rather than model a slow service.</summary>
    private const double MaxLatencyMilliseconds = 60_000;

    public ValidateOptionsResult Validate(string? name, SimulatorsOptions options)
    {
        var errors = new List<string>();
        if (!(options.TimeScale > 0 && double.IsFinite(options.TimeScale)))
        {
            errors.Add("Simulators:TimeScale must be a positive number.");
        }

        if (!(options.LatencyMultiplier >= 0 && double.IsFinite(options.LatencyMultiplier)))
        {
            errors.Add("Simulators:LatencyMultiplier must be 0 or more.");
        }

        var exchange = options.DocumentExchange;
        const string dx = "Simulators:DocumentExchange";
        if (!(exchange.JobSeconds >= 0 && double.IsFinite(exchange.JobSeconds)))
        {
            errors.Add($"{dx}:JobSeconds must be 0 or more.");
        }

        CheckFraction(errors, $"{dx}:FailureFraction", exchange.FailureFraction);
        CheckFraction(errors, $"{dx}:Distribution:NoneFraction", exchange.Distribution.NoneFraction);
        CheckFraction(errors, $"{dx}:Distribution:LargeFraction", exchange.Distribution.LargeFraction);
        if (exchange.Distribution.SmallMaxFiles < 1)
        {
            errors.Add($"{dx}:Distribution:SmallMaxFiles must be at least 1.");
        }

        if (exchange.Distribution.MaxFiles < exchange.Distribution.SmallMaxFiles)
        {
            errors.Add($"{dx}:Distribution:MaxFiles must be at least SmallMaxFiles.");
        }

        foreach (var (patientId, count) in exchange.Overrides)
        {
            if (count < 0 || count > 100_000)
            {
                errors.Add($"{dx}:Overrides:{patientId} must be between 0 and 100000.");
            }
        }

        CheckLimit(errors, $"{dx}:Limits:SearchAndDownload", exchange.Limits.SearchAndDownload);
        CheckLimit(errors, $"{dx}:Limits:Status", exchange.Limits.Status);
        CheckLatencies(errors, $"{dx}:Latency", exchange.Latency, DocumentExchangeEndpoints);
        CheckOutages(errors, $"{dx}:Outages", exchange.Outages);

        const string tt = "Simulators:TaskTracker";
        CheckLimit(errors, $"{tt}:Limit", options.TaskTracker.Limit);
        CheckLatencies(errors, $"{tt}:Latency", options.TaskTracker.Latency, TaskTrackerEndpoints);
        CheckOutages(errors, $"{tt}:Outages", options.TaskTracker.Outages);

        const string llm = "Simulators:Llm";
        CheckLimit(errors, $"{llm}:Requests", options.Llm.Requests);
        if (options.Llm.Tokens.Tokens < 1)
        {
            errors.Add($"{llm}:Tokens:Tokens must be at least 1.");
        }

        if (!(options.Llm.Tokens.PeriodSeconds > 0 && double.IsFinite(options.Llm.Tokens.PeriodSeconds)))
        {
            errors.Add($"{llm}:Tokens:PeriodSeconds must be a positive number.");
        }

        CheckMilliseconds(errors, $"{llm}:Latency:BaseMilliseconds", options.Llm.Latency?.BaseMilliseconds ?? 0);
        CheckMilliseconds(errors, $"{llm}:Latency:JitterMilliseconds", options.Llm.Latency?.JitterMilliseconds ?? 0);
        if (!(options.Llm.MillisecondsPerCompletionToken >= 0 && options.Llm.MillisecondsPerCompletionToken <= 100))
        {
            errors.Add($"{llm}:MillisecondsPerCompletionToken must be between 0 and 100.");
        }

        if (!(options.Llm.CompletionFraction > 0 && options.Llm.CompletionFraction <= 1))
        {
            errors.Add($"{llm}:CompletionFraction must be above 0 and at most 1.");
        }

        CheckOutages(errors, $"{llm}:Outages", options.Llm.Outages);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckFraction(List<string> errors, string field, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add($"{field} must be between 0 and 1.");
        }
    }

    private static void CheckLimit(List<string> errors, string field, LimitOptions limit)
    {
        if (limit.Permits < 1)
        {
            errors.Add($"{field}:Permits must be at least 1.");
        }

        if (!(limit.PeriodSeconds > 0 && double.IsFinite(limit.PeriodSeconds)))
        {
            errors.Add($"{field}:PeriodSeconds must be a positive number.");
        }
    }

    private static void CheckLatencies(List<string> errors, string field, Dictionary<string, LatencyOptions> latencies, string[] endpoints)
    {
        foreach (var (endpoint, latency) in latencies)
        {
            if (!endpoints.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{field}:{endpoint} is not an endpoint; use one of {string.Join(", ", endpoints)}.");
            }

            CheckMilliseconds(errors, $"{field}:{endpoint}:BaseMilliseconds", latency?.BaseMilliseconds ?? 0);
            CheckMilliseconds(errors, $"{field}:{endpoint}:JitterMilliseconds", latency?.JitterMilliseconds ?? 0);
        }
    }

    private static void CheckMilliseconds(List<string> errors, string field, double milliseconds)
    {
        if (!(milliseconds >= 0 && milliseconds <= MaxLatencyMilliseconds))
        {
            errors.Add($"{field} must be between 0 and {MaxLatencyMilliseconds}.");
        }
    }

    private static void CheckOutages(List<string> errors, string field, List<ScheduledOutageOptions> outages)
    {
        for (var i = 0; i < outages.Count; i++)
        {
            if (!(outages[i].StartInSeconds >= 0 && double.IsFinite(outages[i].StartInSeconds)))
            {
                errors.Add($"{field}:{i}:StartInSeconds must be 0 or more.");
            }

            if (!(outages[i].DurationSeconds > 0 && double.IsFinite(outages[i].DurationSeconds)))
            {
                errors.Add($"{field}:{i}:DurationSeconds must be a positive number.");
            }

            if (!Enum.IsDefined(outages[i].Kind))
            {
                errors.Add($"{field}:{i}:Kind must be Unavailable, Refuse or Hang.");
            }
        }
    }
}
