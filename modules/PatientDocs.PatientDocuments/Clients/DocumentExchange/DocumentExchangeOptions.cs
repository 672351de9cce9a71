using PatientDocs.PatientDocuments.Clients;

namespace PatientDocs.PatientDocuments.Clients.DocumentExchange;

/// <summary>Bound from <c>PatientDocs:Services:DocumentExchange</c> (the runtime binds its Limits/Queues/Retry/Breaker subsections).</summary>
public sealed class DocumentExchangeOptions : ServiceOptions
{
    public const string Section = "PatientDocs:Services:DocumentExchange";

    public DocumentExchangeOptions() => BaseUrl = "http://127.0.0.1:5100/sim/document-exchange/";

    /// <summary>Longest a whole archive download may take, in service time (divided by TimeScale); archives hold up to 3000 files.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest archive a download may bring; a bigger one is refused (an incident), never retried.</summary>
    public long MaxDownloadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Shortest wait between two status polls of one job, in service time (divided by TimeScale).</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two status polls of one job, in service time.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The status limit (requests per second) the poll interval spreads the backlog over.</summary>
    public double StatusRequestsPerSecond { get; set; } = 10;

    public IEnumerable<string> ValidateAll()
    {
        foreach (var error in Validate(Section))
        {
            yield return error;
        }

        if (DownloadTimeout <= TimeSpan.Zero)
        {
            yield return $"{Section}:DownloadTimeout must be positive.";
        }

        if (MaxDownloadBytes <= 0)
        {
            yield return $"{Section}:MaxDownloadBytes must be positive.";
        }

        if (MinPollInterval <= TimeSpan.Zero || MaxPollInterval < MinPollInterval)
        {
            yield return $"{Section}:MinPollInterval must be positive and not above MaxPollInterval.";
        }

        if (StatusRequestsPerSecond <= 0)
        {
            yield return $"{Section}:StatusRequestsPerSecond must be positive.";
        }
    }
}
