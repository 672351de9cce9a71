using Microsoft.Extensions.Options;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators;

/// <summary>Names every invalid field of the <c>Simulators</c> section at start.</summary>
public sealed class SimulatorsOptionsValidator : IValidateOptions<SimulatorsOptions>
{
    private static readonly string[] DocumentExchangeEndpoints = ["search", "status", "download"];
    private static readonly string[] TaskTrackerEndpoints = ["create", "status", "report", "read", "list"];

    public ValidateOptionsResult Validate(string? name, SimulatorsOptions options)
    {
        var errors = new List<string>();
        if (!(options.TimeScale > 0 && double.IsFinite(options.TimeScale)))
        {
            errors.Add("Simulators:TimeScale must be a positive number.");
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
        CheckLatencies(errors, $"{dx}:LatencyMilliseconds", exchange.LatencyMilliseconds, DocumentExchangeEndpoints);
        CheckOutages(errors, $"{dx}:Outages", exchange.Outages);

        const string tt = "Simulators:TaskTracker";
        CheckLimit(errors, $"{tt}:Limit", options.TaskTracker.Limit);
        CheckLatencies(errors, $"{tt}:LatencyMilliseconds", options.TaskTracker.LatencyMilliseconds, TaskTrackerEndpoints);
        CheckOutages(errors, $"{tt}:Outages", options.TaskTracker.Outages);

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

    private static void CheckLatencies(List<string> errors, string field, Dictionary<string, double> latencies, string[] endpoints)
    {
        foreach (var (endpoint, milliseconds) in latencies)
        {
            if (!endpoints.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{field}:{endpoint} is not an endpoint; use one of {string.Join(", ", endpoints)}.");
            }

            if (!(milliseconds >= 0 && double.IsFinite(milliseconds)))
            {
                errors.Add($"{field}:{endpoint} must be 0 or more.");
            }
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
