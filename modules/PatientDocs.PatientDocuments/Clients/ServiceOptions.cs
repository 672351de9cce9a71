namespace PatientDocs.PatientDocuments.Clients;

/// <summary>Where an external service lives and how long one request may take. Bound from <c>PatientDocs:Services:&lt;Service&gt;</c>.</summary>
public class ServiceOptions
{
    /// <summary>Absolute base URL ending in a slash, e.g. <c>http://127.0.0.1:5100/sim/document-exchange/</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Longest a request may take in service time (divided by TimeScale); a hanging service becomes a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Floor of the scaled timeout in real time, so a high TimeScale never makes normal latency look like a hang.</summary>
    public TimeSpan MinimumRequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Names of the invalid fields, empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{section}:BaseUrl must be an absolute http(s) URL (was '{BaseUrl}').";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{section}:RequestTimeout must be positive.";
        }

        if (MinimumRequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{section}:MinimumRequestTimeout must be positive.";
        }
    }

    /// <summary>The base address with a trailing slash, so relative paths append instead of replacing the last segment.</summary>
    public Uri BaseAddress() => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    public TimeSpan ScaledTimeout(double timeScale) => Scaled(RequestTimeout, timeScale);

    /// <summary>A service-time duration in real time, never below <see cref="MinimumRequestTimeout"/>.</summary>
    public TimeSpan Scaled(TimeSpan serviceTime, double timeScale)
    {
        var scaled = timeScale > 0 ? serviceTime / timeScale : serviceTime;
        return scaled < MinimumRequestTimeout ? MinimumRequestTimeout : scaled;
    }
}
