using System.Globalization;

namespace PatientDocs.Engine.Queues;

/// <summary>
/// Bound from <c>PatientDocs:Services</c>: <c>services.Configure&lt;TaskServicesOptions&gt;(o =&gt; config.GetSection(TaskServicesOptions.SectionName).Bind(o.Services))</c>.
/// </summary>
public sealed class TaskServicesOptions
{
    public const string SectionName = "PatientDocs:Services";

    /// <summary>A tenth of the window: far beyond any clock's error of rate, so a larger value is a mistake (a percentage, or ppm).</summary>
    public const double MaxDrift = 0.1;

    /// <summary>Services by name (DocumentExchange, TaskTracker, Conversion, Database, …).</summary>
    public Dictionary<string, TaskServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems with the configuration, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var queueOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (serviceName, service) in Services)
        {
            var prefix = $"{SectionName}:{serviceName}";
            foreach (var (limitName, limit) in service.Limits)
            {
                if (limit.Permits <= 0)
                {
                    errors.Add($"{prefix}:Limits:{limitName}:Permits must be positive (was {limit.Permits}).");
                }

                if (limit.Period <= TimeSpan.Zero)
                {
                    errors.Add($"{prefix}:Limits:{limitName}:Period must be positive (was {limit.Period}).");
                }

                if (limit.Guard < TimeSpan.Zero)
                {
                    errors.Add($"{prefix}:Limits:{limitName}:Guard must not be negative (was {limit.Guard}).");
                }

                if (limit.Drift is < 0 or > MaxDrift || double.IsNaN(limit.Drift))
                {
                    // Invariant, as the value is written in configuration: "0,5" would not be read back.
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}:Limits:{limitName}:Drift must be between 0 and {MaxDrift} (was {limit.Drift}); 0.001 is 1000 ppm."));
                }

                if (limit.Lookahead < TimeSpan.Zero)
                {
                    errors.Add($"{prefix}:Limits:{limitName}:Lookahead must not be negative (was {limit.Lookahead}).");
                }

                if (limit.Hold <= TimeSpan.Zero || limit.MinimumHold <= TimeSpan.Zero)
                {
                    errors.Add($"{prefix}:Limits:{limitName}:Hold and MinimumHold must be positive (were {limit.Hold} and {limit.MinimumHold}).");
                }
            }

            foreach (var (queueName, queue) in service.Queues)
            {
                if (queueOwners.TryGetValue(queueName, out var other))
                {
                    errors.Add($"{prefix}:Queues:{queueName} is also declared by service {other}.");
                }

                queueOwners[queueName] = serviceName;
                if (queue.Slots <= 0)
                {
                    errors.Add($"{prefix}:Queues:{queueName}:Slots must be positive (was {queue.Slots}).");
                }

                if (queue.Budget is <= 0 or > int.MaxValue)
                {
                    errors.Add($"{prefix}:Queues:{queueName}:Budget must be positive and at most {int.MaxValue} when set (was {queue.Budget}).");
                }

                if (queue.StartToCloseTimeout is { } queueTimeout && queueTimeout <= TimeSpan.Zero)
                {
                    errors.Add($"{prefix}:Queues:{queueName}:StartToCloseTimeout must be positive when set (was {queueTimeout}).");
                }

                if (queue.Limit is { } limitName && !service.Limits.ContainsKey(limitName))
                {
                    errors.Add($"{prefix}:Queues:{queueName}:Limit names '{limitName}', which is not in {prefix}:Limits.");
                }

                if (queue.UnitLimit is { } unitLimitName && !service.Limits.ContainsKey(unitLimitName))
                {
                    errors.Add($"{prefix}:Queues:{queueName}:UnitLimit names '{unitLimitName}', which is not in {prefix}:Limits.");
                }

                if (queue.UnitLimit is { } sameName && string.Equals(sameName, queue.Limit, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{prefix}:Queues:{queueName}:UnitLimit must name a limit other than its Limit ('{sameName}').");
                }
            }

            errors.AddRange(UnitLimitPairingErrors(prefix, service));

            if (service.StartToCloseTimeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                errors.Add($"{prefix}:StartToCloseTimeout must be positive when set (was {timeout}).");
            }

            var retry = service.Retry;
            if (retry.InitialDelay < TimeSpan.Zero || retry.MaxDelay < retry.InitialDelay)
            {
                errors.Add($"{prefix}:Retry:InitialDelay must be non-negative and not above MaxDelay ({retry.InitialDelay} / {retry.MaxDelay}).");
            }

            if (retry.Multiplier < 1)
            {
                errors.Add($"{prefix}:Retry:Multiplier must be at least 1 (was {retry.Multiplier}).");
            }

            if (retry.Jitter is < 0 or >= 1)
            {
                errors.Add($"{prefix}:Retry:Jitter must be in [0, 1) (was {retry.Jitter}).");
            }

            if (retry.Deadline <= TimeSpan.Zero)
            {
                errors.Add($"{prefix}:Retry:Deadline must be positive (was {retry.Deadline}).");
            }

            if (service.Breaker.FailureThreshold < 0 || service.Breaker.ProbeInterval <= TimeSpan.Zero)
            {
                errors.Add($"{prefix}:Breaker needs FailureThreshold >= 0 and a positive ProbeInterval.");
            }
        }

        return errors;
    }

    /// <summary>
    /// Queues claimed together must agree on both limits, and a limit is either counted in requests or in units: a group
    /// takes its grants from both windows in one claim, always in the same order.
    /// </summary>
    private static IEnumerable<string> UnitLimitPairingErrors(string prefix, TaskServiceOptions service)
    {
        var pairs = new Dictionary<string, (string Queue, string? Partner)>(StringComparer.OrdinalIgnoreCase);
        var unitLimits = service.Queues.Values.Select(q => q.UnitLimit).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (queueName, queue) in service.Queues)
        {
            if (queue.Limit is { } limit && unitLimits.Contains(limit))
            {
                yield return $"{prefix}:Queues:{queueName}:Limit names '{limit}', which another queue uses as its UnitLimit.";
            }

            foreach (var (name, partner) in new[] { (queue.Limit, queue.UnitLimit), (queue.UnitLimit, queue.Limit) })
            {
                if (name is null)
                {
                    continue;
                }

                if (pairs.TryGetValue(name, out var seen) && !string.Equals(seen.Partner, partner, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{prefix}:Queues:{queueName} shares limit '{name}' with queue {seen.Queue} but not its Limit and UnitLimit pairing.";
                }

                pairs.TryAdd(name, (queueName, partner));
            }
        }
    }
}
