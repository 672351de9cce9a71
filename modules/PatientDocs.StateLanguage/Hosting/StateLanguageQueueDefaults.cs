using PatientDocs.Engine.Queues;

namespace PatientDocs.StateLanguage.Hosting;

/// <summary>
/// The module's queue where configuration is silent: many slots (mocks mostly wait), no start-to-close timeout (a Task's
/// own <c>timeout</c> bounds it), no breaker, and a near-zero engine backoff, because a Task's <c>retry</c> sets its own
/// delays (passed as Retry-After) and the engine's backoff would only add to them.
/// </summary>
public static class StateLanguageQueueDefaults
{
    public const string Service = "StateLanguage";

    public static void Apply(TaskServicesOptions options)
    {
        if (options.Services.ContainsKey(Service))
        {
            return;
        }

        options.Services[Service] = new TaskServiceOptions
        {
            Queues = { [StateLanguageModule.Queue] = new QueueOptions { Slots = 64 } },
            Retry = new RetryOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(1),
                Multiplier = 1,
                Jitter = 0,
                Deadline = TimeSpan.FromDays(30),
            },
            Breaker = new BreakerOptions { FailureThreshold = 0 },
        };
    }
}
