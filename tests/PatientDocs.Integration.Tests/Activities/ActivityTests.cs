using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Activities;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Patients;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class ActivityTests
{
    [Fact]
    public async Task GetPatient_UnknownId_LeavesThroughNotFoundWithoutAnyRequest()
    {
        var http = FakeHttpHandler.Answer(HttpStatusCode.OK);
        using var host = new ModuleHost(documentExchange: http, taskTracker: http);
        await host.Get<IPatientStore>().SeedAsync(3);
        var activity = new GetPatient { PatientId = "P999999" };

        var outcome = await activity.RunAsync(host.Context(), default);

        Assert.Equal(TaskOutcome.Completed(GetPatient.NotFoundPort), outcome);
        Assert.False(activity.Found);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task GetPatient_KnownId_LeavesThroughFoundWithTheName()
    {
        using var host = new ModuleHost();
        await host.Get<IPatientStore>().SeedAsync(3);
        var activity = new GetPatient { PatientId = "P000001" };

        var outcome = await activity.RunAsync(host.Context(), default);

        Assert.Equal(TaskOutcome.Completed(GetPatient.FoundPort), outcome);
        Assert.Equal(("Ada", "Adams"), (activity.FirstName, activity.LastName));
    }

    [Fact]
    public async Task WaitForSearchJob_WhileRunning_RunsAgainAfterTheBacklogInterval()
    {
        using var host = new ModuleHost(documentExchange: FakeHttpHandler.Answer(
            HttpStatusCode.OK, "{\"jobId\":\"j1\",\"status\":\"running\",\"archiveUrl\":null,\"documentCount\":null}"));
        var activity = new WaitForSearchJob { JobId = "j1" };

        var outcome = await activity.RunAsync(host.Context(backlog: 200, timeScale: 10), default);

        Assert.Equal(TaskOutcome.RunAgainAfter(TimeSpan.FromSeconds(2)), outcome);
    }

    [Fact]
    public async Task WaitForSearchJob_DoneWithAnArchive_LeavesThroughFound()
    {
        using var host = new ModuleHost(documentExchange: FakeHttpHandler.Answer(
            HttpStatusCode.OK, "{\"jobId\":\"j1\",\"status\":\"done\",\"archiveUrl\":\"/sim/document-exchange/archives/j1\",\"documentCount\":12}"));
        var activity = new WaitForSearchJob { JobId = "j1" };

        var outcome = await activity.RunAsync(host.Context(), default);

        Assert.Equal(TaskOutcome.Completed(WaitForSearchJob.FoundPort), outcome);
        Assert.Equal(("/sim/document-exchange/archives/j1", 12), (activity.ArchiveUrl, activity.DocumentCount));
    }

    [Fact]
    public async Task WaitForSearchJob_DoneWithoutAnArchive_LeavesThroughNotFound()
    {
        using var host = new ModuleHost(documentExchange: FakeHttpHandler.Answer(
            HttpStatusCode.OK, "{\"jobId\":\"j1\",\"status\":\"done\",\"archiveUrl\":null,\"documentCount\":0}"));
        var activity = new WaitForSearchJob { JobId = "j1" };

        var outcome = await activity.RunAsync(host.Context(), default);

        Assert.Equal(TaskOutcome.Completed(WaitForSearchJob.NotFoundPort), outcome);
        Assert.False(activity.Found);
    }

    [Fact]
    public async Task DownloadArchive_ExtractsIntoRaw_AndARepeatOfTheSameTaskSendsNothing()
    {
        var zip = ZipBytes(30);
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(zip) });
        using var host = new ModuleHost(documentExchange: http);
        var first = new DownloadArchive { PatientId = "P000001", ArchiveUrl = "/sim/document-exchange/archives/j1" };
        var repeat = new DownloadArchive { PatientId = "P000001", ArchiveUrl = "/sim/document-exchange/archives/j1" };

        var outcome = await first.RunAsync(host.Context(key: "i1:download"), default);
        var repeated = await repeat.RunAsync(host.Context(key: "i1:download"), default);

        Assert.Equal(TaskOutcome.Completed(), outcome);
        Assert.Equal(TaskOutcome.Completed(), repeated);
        Assert.Equal((30, 30), (first.FileCount, repeat.FileCount));
        Assert.Equal(zip.Length, repeat.ArchiveBytes);
        Assert.Single(http.Requests);
        Assert.Equal("http://docex.test/sim/document-exchange/archives/j1", http.Requests[0].RequestUri!.ToString());
        Assert.Equal(30, host.Get<DocumentStore>().ListRaw("P000001", "inst-1").Count);
        Assert.Empty(Directory.GetFiles(host.Get<DocumentStore>().TempFolder));
    }

    [Fact]
    public async Task DownloadArchiveThenConvertDocuments_With3000Files_ExtractsAllAndFansOutEveryFileOnceInItemsOfAtMost20()
    {
        var zip = ZipBytes(3000);
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(zip) });
        using var host = new ModuleHost(documentExchange: http);
        var download = new DownloadArchive { PatientId = "P000003", ArchiveUrl = "archives/j3" };

        await download.RunAsync(host.Context(), default);
        var convert = new ConvertDocuments { PatientId = "P000003" };
        var fanOut = Assert.IsType<FanOutOutcome>(await convert.RunAsync(host.Context(), default));

        Assert.Equal(3000, download.FileCount);
        Assert.Equal(150, fanOut.Items.Count);
        Assert.Equal(150, fanOut.Items.Select(i => i.Key).Distinct().Count());
        var files = fanOut.Items.SelectMany(i => ((JsonArray)i.Input["files"]!).Select(f => (string)f!)).ToList();
        Assert.Equal(3000, files.Distinct().Count());
        Assert.Equal(3000, files.Count);
        Assert.All(fanOut.Items, i => Assert.Equal(20, ((JsonArray)i.Input["files"]!).Count));
        Assert.All(fanOut.Items, i => Assert.InRange(i.Weight, 128, 1024));
        Assert.Equal(TaskOutcome.Completed(), convert.OnGroupCompleted(new TaskGroupResult(150, 150, 0, null)));
        Assert.Equal(3000, convert.ConvertedCount);
    }

    [Fact]
    public async Task DownloadArchive_CorruptArchive_FaultsPermanently()
    {
        var http = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3, 4]) });
        using var host = new ModuleHost(documentExchange: http);

        var outcome = await new DownloadArchive { PatientId = "P000001", ArchiveUrl = "archives/j1" }.RunAsync(host.Context(), default);

        Assert.StartsWith("The archive of patient P000001 was refused: The archive is corrupt", Assert.IsType<PermanentOutcome>(outcome).Message);
    }

    [Fact]
    public async Task ConvertDocuments_FewFiles_FansOutOneItemPerRawFileWeightedByMemory()
    {
        using var host = new ModuleHost();
        var store = host.Get<DocumentStore>();
        await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), "b.txt"), new byte[1600]);
        await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), "a.txt"), new byte[16]);
        var activity = new ConvertDocuments { PatientId = "P1" };

        var fanOut = Assert.IsType<FanOutOutcome>(await activity.RunAsync(host.Context(), default));

        Assert.Equal("conversion", fanOut.Queue);
        Assert.Equal(["a.txt", "b.txt"], fanOut.Items.Select(i => i.Key));
        Assert.Equal([129L, 228L], fanOut.Items.Select(i => i.Weight));
        Assert.Equal("{\"patientId\":\"P1\",\"files\":[\"b.txt\"],\"memoryMb\":228}", fanOut.Items[1].Input.ToJsonString());
        Assert.Equal(2, activity.FileCount);
        Assert.Equal(TaskOutcome.Completed(), activity.OnGroupCompleted(new TaskGroupResult(2, 2, 0, null)));
        Assert.Equal(2, activity.ConvertedCount);
    }

    [Fact]
    public async Task ConvertDocuments_SeventeenFiles_SpreadsThemOverTheSlotsInItemsWeightedByTheirLargestFile()
    {
        using var host = new ModuleHost();
        var store = host.Get<DocumentStore>();
        for (var i = 1; i <= 17; i++)
        {
            await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), $"f{i:D2}.txt"), new byte[i == 4 ? 3200 : 16]);
        }

        var fanOut = Assert.IsType<FanOutOutcome>(await new ConvertDocuments { PatientId = "P1" }.RunAsync(host.Context(), default));

        // ceil(17 / 8) = 3 files per item: 6 items, the last with two.
        Assert.Equal(["f01.txt", "f04.txt", "f07.txt", "f10.txt", "f13.txt", "f16.txt"], fanOut.Items.Select(i => i.Key));
        Assert.Equal("[\"f04.txt\",\"f05.txt\",\"f06.txt\"]", fanOut.Items[1].Input["files"]!.ToJsonString());
        Assert.Equal("[\"f16.txt\",\"f17.txt\"]", fanOut.Items[5].Input["files"]!.ToJsonString());
        Assert.Equal([129L, 328L, 129L, 129L, 129L, 129L], fanOut.Items.Select(i => i.Weight));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(160, 20)]
    [InlineData(3000, 20)]
    public void ConversionOptions_FilesPerItem_SpreadsAnArchiveOverEightItemsWithAtMostTwentyFilesEach(int files, int perItem) =>
        Assert.Equal(perItem, new ConversionOptions().FilesPerItem(files));

    [Fact]
    public void ConversionOptions_ZeroFilesPerItemOrItemsPerArchive_AreRefusedByName()
    {
        var errors = new ConversionOptions { MaxFilesPerItem = 0, MinItemsPerArchive = 0 }.Validate().ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("PatientDocs:Services:Conversion:MaxFilesPerItem", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PatientDocs:Services:Conversion:MinItemsPerArchive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConversionHandler_SleepsOnTheClockWritesAPdfAndRecordsConcurrency()
    {
        var time = new FakeTimeProvider();
        using var host = new ModuleHost(time: time, settings: new() { ["PatientDocs:Services:Conversion:SecondsPerFile"] = "20" });
        var store = host.Get<DocumentStore>();
        string[] files = ["a.txt", "b.txt", "c.txt"];
        foreach (var name in files)
        {
            await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), name), new byte[10]);
        }

        var handler = Assert.IsType<ConversionHandler>(Assert.Single(host.Services.GetServices<ITaskItemHandler>()));
        var monitor = host.Get<ConversionMonitor>();
        var runs = files
            .Select(f => handler.RunAsync(host.Context(queue: "conversion", timeScale: 10), ConversionHandler.ItemInput("P1", [f], 300), default).AsTask())
            .ToList();

        Assert.Equal((3, 900L), (monitor.Current, monitor.CurrentWeightMb));
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(3, monitor.Current);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var outcomes = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(outcomes, o => Assert.Equal(TaskOutcome.Completed(), o));
        Assert.Equal((0, 3, 900L), (monitor.Current, monitor.Peak, monitor.PeakWeightMb));
        Assert.Equal(["a.pdf", "b.pdf", "c.pdf"], store.ListPdf("P1", "inst-1"));
        Assert.StartsWith("%PDF-1.4", await File.ReadAllTextAsync(Path.Combine(store.PdfFolder("P1", "inst-1"), "a.pdf")));
    }

    [Fact]
    public async Task ConversionHandler_ItemOfSeveralFiles_ConvertsThemOneAfterAnotherInOneSlot()
    {
        var time = new TimerWatchingTimeProvider();
        using var host = new ModuleHost(time: time, settings: new() { ["PatientDocs:Services:Conversion:SecondsPerFile"] = "20" });
        var store = host.Get<DocumentStore>();
        string[] files = ["a.txt", "b.txt", "c.txt"];
        foreach (var name in files)
        {
            await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), name), new byte[10]);
        }

        // An earlier attempt converted b.txt before it was cut short: it is not redone.
        await store.WriteAtomicAsync(Path.Combine(store.PdfFolder("P1", "inst-1"), "b.pdf"), MinimalPdf.Create("b.txt"));
        var handler = Assert.IsType<ConversionHandler>(Assert.Single(host.Services.GetServices<ITaskItemHandler>()));
        var monitor = host.Get<ConversionMonitor>();

        var run = handler.RunAsync(host.Context(queue: "conversion", timeScale: 10), ConversionHandler.ItemInput("P1", files, 300), default).AsTask();

        Assert.Equal((1, 300L), (monitor.Current, monitor.CurrentWeightMb));
        var next = time.WhenTimerCreated(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1L), (monitor.Current, monitor.Completed));
        Assert.Equal(["a.pdf", "b.pdf"], store.ListPdf("P1", "inst-1"));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TaskOutcome.Completed(), await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((0, 1, 2L), (monitor.Current, monitor.Peak, monitor.Completed));
        Assert.Equal(["a.pdf", "b.pdf", "c.pdf"], store.ListPdf("P1", "inst-1"));
    }

    [Fact]
    public async Task ConversionHandler_MissingRawFile_ConvertsTheOthersThenFailsPermanentlyNamingIt()
    {
        using var host = new ModuleHost(settings: new() { ["PatientDocs:Services:Conversion:SecondsPerFile"] = "0" });
        var store = host.Get<DocumentStore>();
        await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), "a.txt"), new byte[10]);
        var handler = Assert.IsType<ConversionHandler>(Assert.Single(host.Services.GetServices<ITaskItemHandler>()));

        var outcome = await handler.RunAsync(host.Context(queue: "conversion"), ConversionHandler.ItemInput("P1", ["gone.txt", "a.txt"], 300), default);

        Assert.Equal("Raw file(s) 'gone.txt' of patient P1 do not exist.", Assert.IsType<PermanentOutcome>(outcome).Message);
        Assert.Equal(["a.pdf"], store.ListPdf("P1", "inst-1"));
    }

    [Fact]
    public async Task ConversionHandler_ItemQueuedWithOneFileField_IsStillConverted()
    {
        using var host = new ModuleHost(settings: new() { ["PatientDocs:Services:Conversion:SecondsPerFile"] = "0" });
        var store = host.Get<DocumentStore>();
        await store.WriteAtomicAsync(Path.Combine(store.RawFolder("P1", "inst-1"), "a.txt"), new byte[10]);
        var handler = Assert.IsType<ConversionHandler>(Assert.Single(host.Services.GetServices<ITaskItemHandler>()));
        var legacy = new JsonObject { ["patientId"] = "P1", ["file"] = "a.txt", ["memoryMb"] = 300 };

        Assert.Equal(TaskOutcome.Completed(), await handler.RunAsync(host.Context(queue: "conversion"), legacy, default));
        Assert.Equal(["a.pdf"], store.ListPdf("P1", "inst-1"));
    }

    [Fact]
    public async Task GenerateReport_ListsExactlyTheDocumentsItsOwnInstanceConverted()
    {
        using var host = new ModuleHost();
        var store = host.Get<DocumentStore>();
        await store.WriteAtomicAsync(Path.Combine(store.PdfFolder("P1", "inst-1"), "b.pdf"), new byte[1]);
        await store.WriteAtomicAsync(Path.Combine(store.PdfFolder("P1", "inst-1"), "a.pdf"), new byte[1]);
        // An earlier run for the same patient converted other files; they are not this run's.
        await store.WriteAtomicAsync(Path.Combine(store.PdfFolder("P1", "inst-0"), "old.pdf"), new byte[1]);
        var activity = new GenerateReport { PatientId = "P1" };

        await activity.RunAsync(host.Context(), default);

        Assert.Equal("Converted documents of patient P1: 2\na.pdf\nb.pdf\n", activity.Report);
        Assert.Equal(2, activity.DocumentCount);
        Assert.Equal(activity.Report, await File.ReadAllTextAsync(store.ReportPath("P1", "inst-1")));
        Assert.False(File.Exists(store.ReportPath("P1", "inst-0")));
    }

    [Fact]
    public async Task UpdatePatientStatus_SetsTheStatusInTheDatabase()
    {
        using var host = new ModuleHost();
        await host.Get<IPatientStore>().SeedAsync(1);

        await new UpdatePatientStatus { PatientId = "P000001", Status = DocumentsStatus.NotFound }.RunAsync(host.Context(), default);

        Assert.Equal(DocumentsStatus.NotFound, (await host.Get<IPatientStore>().FindAsync("P000001"))!.DocumentsStatus);
    }

    [Fact]
    public void ModuleActivities_AreSealedTaskActivitiesWithStableTypeNames()
    {
        var names = PatientDocs.PatientDocuments.PatientDocumentsModule.ActivityTypes
            .Select(t => (t.IsSealed, Attribute: (PatientDocs.Engine.Activities.ActivityAttribute)Attribute.GetCustomAttribute(t, typeof(PatientDocs.Engine.Activities.ActivityAttribute))!))
            .ToList();

        Assert.All(names, n => Assert.True(n.IsSealed));
        Assert.All(names, n => Assert.Equal(PatientDocs.Engine.Activities.ActivityKind.Task, n.Attribute.Kind));
        Assert.Contains("PatientDocs.WaitForSearchJob", names.Select(n => n.Attribute.TypeName));
        Assert.Equal(10, new DownloadArchive().Priority);
        Assert.Equal(0, new SearchDocuments().Priority);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(3, 11)]
    [InlineData(20, 14)]
    [InlineData(2965, 21)]
    public void DownloadArchive_Priority_OutranksSearchesAndGrowsWithTheArchivesDocumentCount(int documents, int priority)
    {
        Assert.Equal(priority, new DownloadArchive { DocumentCount = documents }.Priority);
        Assert.True(priority > new SearchDocuments().Priority);
    }

    private static byte[] ZipBytes(int files)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 1; i <= files; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"doc-{i:D4}.txt").Open());
                writer.Write($"document {i}");
            }
        }

        return memory.ToArray();
    }
}
