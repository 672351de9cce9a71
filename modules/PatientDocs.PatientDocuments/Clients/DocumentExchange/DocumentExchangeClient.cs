using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Clients.DocumentExchange;

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

    /// <summary>
    /// Streams the archive to <paramref name="targetPath"/> (never buffered in memory); returns the bytes written. An archive
    /// above <see cref="DocumentExchangeOptions.MaxDownloadBytes"/> is refused; a failed local write is a
    /// <see cref="LocalStorageException"/>, so it is never mistaken for a network error worth another download.
    /// </summary>
    public Task<ServiceResponse<long>> DownloadArchiveAsync(
        TaskContext context, string archiveUrl, string targetPath, CancellationToken cancellationToken) =>
        ServiceCaller.SendAsync(
            CreateClient(), _options, context, "DocumentExchange download",
            () => new HttpRequestMessage(HttpMethod.Get, ResolveArchiveUrl(archiveUrl)),
            (response, token) => SaveArchiveAsync(response, targetPath, token),
            cancellationToken,
            _options.Scaled(_options.DownloadTimeout, context.TimeScale));

    /// <summary>An archive URL may be absolute, rooted ("/sim/…") or relative to the base URL.</summary>
    public Uri ResolveArchiveUrl(string archiveUrl) =>
        Uri.TryCreate(archiveUrl, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            ? absolute
            : new Uri(_options.BaseAddress(), archiveUrl);

    private async Task<long> SaveArchiveAsync(HttpResponseMessage response, string targetPath, CancellationToken cancellationToken)
    {
        var cap = _options.MaxDownloadBytes;
        if (response.Content.Headers.ContentLength is { } declared && declared > cap)
        {
            throw new ArchiveRejectedException($"The archive is {declared} bytes; at most {cap} may be downloaded (MaxDownloadBytes).");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = OpenLocal(targetPath);
        var buffer = new byte[81920];
        long written = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            written += read;
            if (written > cap)
            {
                throw new ArchiveRejectedException($"The archive exceeds {cap} bytes, the most that may be downloaded (MaxDownloadBytes).");
            }

            try
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (IOException ex)
            {
                throw new LocalStorageException($"Writing the download to {targetPath} failed: {ex.Message}", ex);
            }
        }

        try
        {
            await file.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new LocalStorageException($"Writing the download to {targetPath} failed: {ex.Message}", ex);
        }

        return written;
    }

    // Unbuffered: every write is ours to catch, so none is left to fail later inside Dispose and hide the real error.
    private static FileStream OpenLocal(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalStorageException($"Opening {path} for the download failed: {ex.Message}", ex);
        }
    }

    private HttpClient CreateClient()
    {
        var http = httpClientFactory.CreateClient(HttpClientName);
        http.BaseAddress ??= _options.BaseAddress();
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    private sealed record SearchStarted(string JobId);
}
