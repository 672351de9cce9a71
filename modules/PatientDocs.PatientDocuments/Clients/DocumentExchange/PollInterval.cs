namespace PatientDocs.PatientDocuments.Clients.DocumentExchange;

/// <summary>
/// How long a job poller waits before its next status request: long enough that the whole backlog of pollers fits under the
/// status limit, never shorter than the minimum, in real time (service time divided by TimeScale).
/// </summary>
public static class PollInterval
{
    public static TimeSpan For(int queueBacklog, DocumentExchangeOptions options, double timeScale)
    {
        var backlogSeconds = Math.Max(0, queueBacklog) / options.StatusRequestsPerSecond;
        var serviceTime = TimeSpan.FromSeconds(Math.Max(options.MinPollInterval.TotalSeconds, backlogSeconds));
        if (serviceTime > options.MaxPollInterval)
        {
            serviceTime = options.MaxPollInterval;
        }

        return timeScale > 0 ? serviceTime / timeScale : serviceTime;
    }
}
