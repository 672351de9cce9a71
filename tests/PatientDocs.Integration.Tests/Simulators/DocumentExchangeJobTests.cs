using System.IO.Compression;
using System.Net;
using PatientDocs.Simulators.DocumentExchange;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class DocumentExchangeJobTests
{
    [Fact]
    public async Task Job_MovesFromPendingToRunningToDone_AfterJobSeconds()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:DocumentExchange:JobSeconds"] = "10",
            ["Simulators:DocumentExchange:Overrides:P-SEVEN"] = "7",
        });
        var jobId = await host.Client.StartSearchAsync("P-SEVEN");

        var pending = await StatusAsync(host, jobId);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var running = await StatusAsync(host, jobId);
        host.Clock.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        var stillRunning = await StatusAsync(host, jobId);
        host.Clock.Advance(TimeSpan.FromTicks(1));
        var done = await StatusAsync(host, jobId);

        Assert.Equal(("pending", null, null), pending);
        Assert.Equal(("running", null, null), running);
        Assert.Equal(("running", null, null), stillRunning);
        Assert.Equal(("done", $"/sim/document-exchange/archives/{jobId}", 7), done);
    }

    [Fact]
    public async Task Job_ForPatientWithoutDocuments_IsDoneWithNullArchiveUrl()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:DocumentExchange:Overrides:P-NONE"] = "0" });
        var jobId = await host.Client.StartSearchAsync("P-NONE");
        host.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(("done", null, 0), await StatusAsync(host, jobId));
        using var download = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/{jobId}");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Job_WithFailureFractionOne_EndsFailed()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:DocumentExchange:FailureFraction"] = "1" });
        var jobId = await host.Client.StartSearchAsync("P1");
        host.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("failed", (await StatusAsync(host, jobId)).Status);
    }

    [Fact]
    public async Task Download_IsAValidZipWithExactlyTheDocumentCountEntries()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:DocumentExchange:Overrides:P-ZIP"] = "37" });
        var jobId = await host.Client.StartSearchAsync("P-ZIP");
        host.Clock.Advance(TimeSpan.FromSeconds(5));

        using var response = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(37, zip.Entries.Count);
        Assert.Equal(37, zip.Entries.Select(e => e.FullName).Distinct().Count());
        Assert.All(zip.Entries, e => Assert.DoesNotContain("..", e.FullName, StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName == "document-0001.txt");
        Assert.Contains(zip.Entries, e => e.FullName == "scans/document-0010.txt");
        Assert.All(zip.Entries, e => Assert.InRange(e.Length, 150, 600));
        using var reader = new StreamReader(zip.GetEntry("document-0001.txt")!.Open());
        Assert.StartsWith("PatientDocs simulated document\nPatient: P-ZIP\nDocument: 1 of 37\n", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_IsTheSameBytesForTheSamePatient()
    {
        Assert.Equal(ArchiveBuilder.Build("P000042", 12), ArchiveBuilder.Build("P000042", 12));
        Assert.NotEqual(ArchiveBuilder.Build("P000042", 12), ArchiveBuilder.Build("P000043", 12));
    }

    [Fact]
    public async Task Download_BeforeDone_Is409AndUnknownJobIs404()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:DocumentExchange:Overrides:P-ZIP"] = "3" });
        var jobId = await host.Client.StartSearchAsync("P-ZIP");

        using var early = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/{jobId}");
        using var unknownArchive = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/archives/job-nope");
        using var unknownStatus = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/job-nope");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownArchive.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus.StatusCode);
    }

    [Fact]
    public async Task Search_WithSameIdempotencyKey_ReturnsTheSameJob()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var first = await host.Client.SearchAsync("P1", idempotencyKey: "instance-1/search");
        using var repeat = await host.Client.SearchAsync("P1", idempotencyKey: "instance-1/search");
        using var other = await host.Client.SearchAsync("P1", idempotencyKey: "instance-2/search");

        var firstId = (await first.ReadJsonAsync()).GetProperty("jobId").GetString();
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal(firstId, (await repeat.ReadJsonAsync()).GetProperty("jobId").GetString());
        Assert.NotEqual(firstId, (await other.ReadJsonAsync()).GetProperty("jobId").GetString());
    }

    [Theory]
    [InlineData("{bad json", "body")]
    [InlineData("{\"lastName\":\"Lee\"}", "firstName")]
    [InlineData("{\"firstName\":\"Ann\",\"lastName\":\" \"}", "lastName")]
    [InlineData("{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"patientId\":42}", "patientId")]
    public async Task Search_WithBadInput_Is400NamingTheField(string json, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.Client.SendRawAsync(HttpMethod.Post, $"{SimulatorRequests.Exchange}/searches", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _), field);
    }

    private static async Task<(string Status, string? ArchiveUrl, int? DocumentCount)> StatusAsync(SimulatorHost host, string jobId)
    {
        using var response = await host.Client.GetAsync($"{SimulatorRequests.Exchange}/jobs/{jobId}");
        response.EnsureSuccessStatusCode();
        var json = await response.ReadJsonAsync();
        var count = json.GetProperty("documentCount");
        return (
            json.GetProperty("status").GetString()!,
            json.GetProperty("archiveUrl").GetString(),
            count.ValueKind == System.Text.Json.JsonValueKind.Null ? null : count.GetInt32());
    }
}
