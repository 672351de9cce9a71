using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.DocumentExchange;

public sealed class DocumentExchangeLimitsOptions
{
    /// <summary>Searches and downloads together.</summary>
    public LimitOptions SearchAndDownload { get; set; } = new() { Permits = 10, PeriodSeconds = 60 };

    public LimitOptions Status { get; set; } = new() { Permits = 10, PeriodSeconds = 1 };
}
