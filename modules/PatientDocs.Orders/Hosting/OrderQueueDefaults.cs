using PatientDocs.Engine.Queues;

namespace PatientDocs.Orders.Hosting;

/// <summary>
/// The module's queues where configuration is silent: a start-to-close timeout well under a second and fast retries, so an
/// order completes within seconds of its approval although a third of the stub calls fail and a third hang. No breaker: the
/// stubs fail by design, and opening on them would only add delay.
/// </summary>
public static class OrderQueueDefaults
{
    public static void Apply(TaskServicesOptions options)
    {
        Service(options, "Orders", OrdersModule.Queue);
        Service(options, "OrderShipping", OrdersModule.ShippingQueue);
    }

    private static void Service(TaskServicesOptions options, string name, string queue)
    {
        if (options.Services.ContainsKey(name))
        {
            return;
        }

        options.Services[name] = new TaskServiceOptions
        {
            Queues = { [queue] = new QueueOptions { Slots = 64 } },
            StartToCloseTimeout = TimeSpan.FromMilliseconds(400),
            Retry = new RetryOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromMilliseconds(400),
                Multiplier = 1.5,
                Jitter = 0.2,
                Deadline = TimeSpan.FromMinutes(10),
            },
            Breaker = new BreakerOptions { FailureThreshold = 0 },
        };
    }
}
