using Microsoft.Extensions.Options;
using PatientDocs.Activities.Clients;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.Activities.Clients.DocumentExchange;

/// <summary>The DocumentExchange REST API: start a search, read a job's status, download its archive.</summary>
public sealed class DocumentExchangeClient(IHttpClientFactory httpClientFactory, IOptions<DocumentExchangeOptions> options)
{
    /// <summary>The named HttpClient; the server may give it another primary handler (the in-process simulators).</summary>
    public const string HttpClientName = "PatientDocs.DocumentExchange";

    private readonly DocumentExchangeOptions _options = options.Value;

    public DocumentExchangeOptions Options => _options;

    public async Task<ServiceResponse<string>> StartSearchAsync(
        TaskContext context, string patientId, string firstName, string lastName, CancellationToken cancellationToken)
    {
        var response = await ServiceCaller.SendAsync(
            CreateClient(), _options, context, "DocumentExchange search",
            () => ServiceCaller.JsonRequest(HttpMethod.Post, "searches", new { firstName, lastName, patientId }),
            ServiceCaller.ReadJsonAsync<SearchStarted>,
            cancellationToken);
        return response.Succeeded && string.IsNullOrEmpty(response.Value!.JobId)
            ? new ServiceResponse<string>(default, TaskOutcome.Permanent("DocumentExchange search answered without a jobId"))
            : new ServiceResponse<string>(response.Value?.JobId, response.Failure);
    }

    public Task<ServiceResponse<SearchJobStatus>> GetJobAsync(TaskContext context, string jobId, CancellationToken cancellationToken) =>
        ServiceCaller.SendAsync(
            CreateClient(), _options, context, "DocumentExchange job status",
            () => ServiceCaller.JsonRequest(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}", null),
            ServiceCaller.ReadJsonAsync<SearchJobStatus>,
            cancellationToken);

    /// <summary>Streams the archive to <paramref name="targetPath"/> (never buffered in memory); returns the bytes written.</summary>
    public Task<ServiceResponse<long>> DownloadArchiveAsync(
        TaskContext context, string archiveUrl, string targetPath, CancellationToken cancellationToken) =>
        ServiceCaller.SendAsync(
            CreateClient(), _options, context, "DocumentExchange download",
            () => new HttpRequestMessage(HttpMethod.Get, ResolveArchiveUrl(archiveUrl)),
            async (response, token) =>
            {
                await using var body = await response.Content.ReadAsStreamAsync(token);
                await using var file = new FileStream(targetPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await body.CopyToAsync(file, token);
                return file.Length;
            },
            cancellationToken,
            _options.Scaled(_options.DownloadTimeout, context.TimeScale));

    /// <summary>An archive URL may be absolute, rooted ("/sim/…") or relative to the base URL.</summary>
    public Uri ResolveArchiveUrl(string archiveUrl) =>
        Uri.TryCreate(archiveUrl, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute
            : new Uri(_options.BaseAddress(), archiveUrl);

    private HttpClient CreateClient()
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        http.BaseAddress ??= _options.BaseAddress();
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    private sealed record SearchStarted(string JobId);
}
