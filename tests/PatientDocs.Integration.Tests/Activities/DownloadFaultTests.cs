using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Activities;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Activities;

/// <summary>Faults after a download are classified by what they are: our own disk's errors and oversized archives are incidents, never retries.</summary>
public sealed class DownloadFaultTests
{
    [Fact]
    public async Task DownloadArchive_WhenItsFilesCannotBeWritten_FaultsPermanentlyAfterOneDownload()
    {
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ZipBytes(3)) });
        using var host = new ModuleHost(documentExchange: http);
        var store = host.Get<DocumentStore>();
        // A file where the raw/ folder must go: creating the folder fails with a local IOException.
        Directory.CreateDirectory(store.InstanceFolder("P000001", "inst-1"));
        await File.WriteAllTextAsync(store.RawFolder("P000001", "inst-1"), "in the way");

        var outcome = await new DownloadArchive { PatientId = "P000001", ArchiveUrl = "archives/j1" }.RunAsync(host.Context(), default);

        Assert.StartsWith("The archive of patient P000001 could not be stored:", Assert.IsType<PermanentOutcome>(outcome).Message);
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task DownloadArchiveAsync_WhenTheDiskIsFull_ThrowsLocalStorageException()
    {
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[200_000]) });
        using var host = new ModuleHost(documentExchange: http);

        // /dev/full answers every write with ENOSPC, as a full disk does.
        var error = await Assert.ThrowsAsync<LocalStorageException>(
            () => host.Get<DocumentExchangeClient>().DownloadArchiveAsync(host.Context(), "archives/j1", "/dev/full", default));

        Assert.Contains("/dev/full", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DownloadArchive_AboveMaxDownloadBytes_IsRefusedPermanently(bool declaresLength)
    {
        var zip = ZipBytes(50);
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = declaresLength ? new ByteArrayContent(zip) : new StreamContent(new UnknownLengthStream(zip)),
        });
        using var host = new ModuleHost(documentExchange: http,
            settings: new() { ["PatientDocs:Services:DocumentExchange:MaxDownloadBytes"] = "1000" });

        var outcome = await new DownloadArchive { PatientId = "P000001", ArchiveUrl = "archives/j1" }.RunAsync(host.Context(), default);

        var message = Assert.IsType<PermanentOutcome>(outcome).Message;
        Assert.StartsWith("The archive of patient P000001 was refused:", message);
        Assert.Contains("MaxDownloadBytes", message, StringComparison.Ordinal);
        Assert.Empty(host.Get<DocumentStore>().ListRaw("P000001", "inst-1"));
    }

    [Fact]
    public void MaxDownloadBytes_Zero_IsRejectedAtStart()
    {
        var options = new DocumentExchangeOptions { MaxDownloadBytes = 0 };

        Assert.Contains("PatientDocs:Services:DocumentExchange:MaxDownloadBytes must be positive.", options.ValidateAll());
    }

    [Fact]
    public async Task Request_AnsweredWithARedirect_IsNotFollowedAndFaultsPermanently()
    {
        var followed = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/sim/document-exchange/jobs/j1", () => Results.Redirect("/elsewhere/jobs/j1"));
        app.MapGet("/elsewhere/jobs/j1", () =>
        {
            Interlocked.Increment(ref followed);
            return Results.Ok(new { status = "running" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // No fake handler: the module's own primary handler is the one under test.
        using var host = new ModuleHost(settings: new() { ["PatientDocs:Services:DocumentExchange:BaseUrl"] = $"{address}/sim/document-exchange/" });

        var response = await host.Get<DocumentExchangeClient>().GetJobAsync(host.Context(), "j1", default);

        var message = Assert.IsType<PermanentOutcome>(response.Failure).Message;
        Assert.Contains("answered 302", message, StringComparison.Ordinal);
        Assert.Contains("redirects are not followed", message, StringComparison.Ordinal);
        Assert.Equal(0, followed);
        await app.StopAsync();
    }

    private static byte[] ZipBytes(int files)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 1; i <= files; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"doc-{i:D4}.txt").Open());
                writer.Write($"document {i} {new string('x', 40)}");
            }
        }

        return memory.ToArray();
    }

    /// <summary>A body sent without Content-Length (chunked), so only counting while copying can enforce the cap.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
