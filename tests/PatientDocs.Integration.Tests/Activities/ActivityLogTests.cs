using PatientDocs.Activities.ActivityLog;
using PatientDocs.Engine.Runtime;

using PatientDocs.Integration.Tests.PatientDocuments;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class ActivityLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pd-log-" + Guid.NewGuid().ToString("N"));

    private string LogPath => Path.Combine(_folder, "activity-log.csv");

    [Fact]
    public void Field_WithCommaQuoteOrNewline_IsQuotedWithQuotesDoubled()
    {
        Assert.Equal("plain", CsvFormat.Field("plain"));
        Assert.Equal("\"a,b\"", CsvFormat.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvFormat.Field("say \"hi\""));
        Assert.Equal("\"line1\r\nline2\"", CsvFormat.Field("line1\r\nline2"));
        Assert.Equal("", CsvFormat.Field(null));
    }

    [Fact]
    public async Task Append_WritesHeaderOnceAndRecordsThatParseBack()
    {
        var log = new CsvActivityLog(LogPath, TimeProvider.System);
        await log.AppendAsync(Event("i1", "Started", "{\"patientId\":\"P1\",\"note\":\"a, \\\"b\\\"\\nc\"}"));
        await log.AppendAsync(Event("i1", "Completed", "{}"));

        var records = CsvRecords.Parse(await File.ReadAllTextAsync(LogPath));

        Assert.Equal(3, records.Count);
        Assert.Equal(CsvActivityLog.Header, records[0]);
        Assert.Equal("2026-01-02T03:04:05.0000000Z", records[1][0]);
        Assert.Equal("Started", records[1][1]);
        Assert.Equal("{\"patientId\":\"P1\",\"note\":\"a, \\\"b\\\"\\nc\"}", records[1][6]);
        Assert.Equal("Completed", records[2][1]);
    }

    [Fact]
    public async Task Append_FromManyTasksThroughTwoFileStreams_KeepsEveryRecordWhole()
    {
        // Two log objects on one path open separate FileStreams, as two processes would.
        var first = new CsvActivityLog(LogPath, TimeProvider.System);
        var second = new CsvActivityLog(LogPath, TimeProvider.System);
        var payload = "{\"text\":\"" + new string('x', 3000) + ",\\\"quoted\\\"\"}";

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendAsync(Event($"i{i}", "Started", payload)))));

        var records = CsvRecords.Parse(await File.ReadAllTextAsync(LogPath));
        Assert.Equal(401, records.Count);
        Assert.Equal(CsvActivityLog.Header, records[0]);
        Assert.All(records.Skip(1), r =>
        {
            Assert.Equal(8, r.Count);
            Assert.Equal(payload, r[6]);
        });
        Assert.Equal(400, records.Skip(1).Select(r => r[2]).Distinct().Count());
    }

    [Fact]
    public async Task Append_WhileAnotherStreamHoldsTheFileExclusively_WaitsAndThenWrites()
    {
        Directory.CreateDirectory(_folder);
        var log = new CsvActivityLog(LogPath, TimeProvider.System);
        var holder = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.None);

        var append = log.AppendAsync(Event("i1", "Started", "{}"));
        var finishedEarly = await Task.WhenAny(append, Task.Delay(TimeSpan.FromMilliseconds(200))) == append;
        await holder.DisposeAsync();
        await append.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(finishedEarly);
        Assert.Equal(2, CsvRecords.Parse(await File.ReadAllTextAsync(LogPath)).Count);
    }

    [Fact]
    public async Task Observer_WritesToTheCsvAndTheStore_AndTheStoreQueriesByInstance()
    {
        var store = new InMemoryActivityLogStore();
        await using var observer = new ActivityLogObserver(new CsvActivityLog(LogPath, TimeProvider.System), store);

        await observer.OnActivityEventAsync(Event("i1", "Started", "{}"), CancellationToken.None);
        await observer.OnActivityEventAsync(Event("i2", "Started", "{}"), CancellationToken.None);
        await observer.OnActivityEventAsync(Event("i1", "Completed", "{}"), CancellationToken.None);
        await observer.FlushAsync();

        var i1 = await store.ListByInstanceAsync("i1");
        Assert.Equal(["Started", "Completed"], i1.Select(e => e.Phase));
        Assert.Equal(4, CsvRecords.Parse(await File.ReadAllTextAsync(LogPath)).Count);
    }

    [Fact]
    public async Task Observer_WritesWhatQueuedWhileItWasBusy_AsOneBatchInOrder()
    {
        var store = new GatedStore();
        await using var observer = new ActivityLogObserver(new CsvActivityLog(LogPath, TimeProvider.System), store);

        await observer.OnActivityEventAsync(Event("i1", "Started", "{}"), CancellationToken.None);
        await store.FirstAppendStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var instance in new[] { "i2", "i3", "i4" })
        {
            await observer.OnActivityEventAsync(Event(instance, "Started", "{}"), CancellationToken.None);
        }

        var flushed = observer.FlushAsync();
        store.Release.TrySetResult();
        await flushed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([["i1"], ["i2", "i3", "i4"]], store.Batches);
        Assert.Equal(5, CsvRecords.Parse(await File.ReadAllTextAsync(LogPath)).Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Holds its first append until released, and records which instances each append carried.</summary>
    private sealed class GatedStore : IActivityLogStore
    {
        public TaskCompletionSource FirstAppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Batches { get; } = [];

        public async Task AppendAsync(IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
        {
            Batches.Add(events.Select(e => e.InstanceId).ToArray());
            FirstAppendStarted.TrySetResult();
            await Release.Task;
        }

        public Task<IReadOnlyList<ActivityEvent>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private static ActivityEvent Event(string instanceId, string phase, string arguments) => new(
        phase,
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        instanceId,
        "act-1",
        "PatientDocs.GetPatient",
        "GetPatient1",
        arguments,
        phase == "Started" ? null : "{\"found\":true}");
}
