using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.PatientDocuments;
using PatientDocs.PatientDocuments.ActivityLog;

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
    public async Task Append_WritesTheHeaderAndEveryNumberedLineOnce_InSequenceOrder()
    {
        var lines = new CommittedLines();
        await lines.CommitAsync(3);
        using var csv = new CsvActivityLog(LogPath, TimeProvider.System);

        var first = await csv.AppendAsync(lines.Store, 100);
        var second = await csv.AppendAsync(lines.Store, 100);

        Assert.Equal(new CsvAppendResult(0, 3, 3, 0, null), first);
        Assert.Equal(new CsvAppendResult(3, 3, 0, 0, null), second);
        var records = await ReadRecordsAsync();
        Assert.Equal(CsvActivityLog.Header, records[0]);
        Assert.Equal(["1", "2", "3"], records.Skip(1).Select(r => r[9]));
        Assert.Equal(["2026-01-02T03:04:05.0010000Z", "Started", "i1", "act-1", "PatientDocs.GetPatient", "Get patient, step \"1\"", lines.Line(1).Arguments, "", "exec-1", "1"], records[1]);
        Assert.Equal("{\"found\":true}", records[2][7]);
    }

    [Fact]
    public async Task Append_FromTwoFileStreamsOnOneFileWhileLinesCommit_WritesEachLineOnceInOrder()
    {
        // Two log objects on one path open separate FileStreams, as two nodes sharing a data folder would.
        var lines = new CommittedLines();
        using var first = new CsvActivityLog(LogPath, TimeProvider.System);
        using var second = new CsvActivityLog(LogPath, TimeProvider.System);

        var committing = Task.Run(async () =>
        {
            for (var burst = 0; burst < 40; burst++)
            {
                await lines.CommitAsync(5);
            }
        });
        var appenders = new[] { first, second }.Select(csv => Task.Run(async () =>
        {
            while (!committing.IsCompleted || (await csv.AppendAsync(lines.Store, 7)).Appended > 0)
            {
                await csv.AppendAsync(lines.Store, 7);
            }
        })).ToList();
        await Task.WhenAll(appenders.Append(committing));

        var records = await ReadRecordsAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), records.Skip(1).Select(r => r[9]));
        Assert.All(records.Skip(1), r => Assert.Equal(10, r.Count));
    }

    [Fact]
    public async Task Append_WhileAnotherStreamHoldsTheFileExclusively_WaitsAndThenWrites()
    {
        Directory.CreateDirectory(_folder);
        var lines = new CommittedLines();
        await lines.CommitAsync(1);
        using var csv = new CsvActivityLog(LogPath, TimeProvider.System);
        var holder = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.None);

        var append = csv.AppendAsync(lines.Store, 100);
        var finishedEarly = await Task.WhenAny(append, Task.Delay(TimeSpan.FromMilliseconds(200))) == append;
        await holder.DisposeAsync();
        await append.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(finishedEarly);
        Assert.Equal(2, (await ReadRecordsAsync()).Count);
    }

    [Fact]
    public async Task Pump_RestartedAfterACrashTornTheLastRecord_CutsItAndWritesEveryLineOnce()
    {
        var lines = new CommittedLines();
        await lines.CommitAsync(4);
        using (var before = new CsvActivityLog(LogPath, TimeProvider.System))
        {
            Assert.Equal(4, await Pump(lines.Store, before).FlushAsync());
        }

        // The crash came mid-batch: line 5 reached the file whole, line 6 only up to the middle of its arguments.
        await lines.CommitAsync(3);
        var batch = (await lines.Store.ReadActivityLogAsync(4, 2)).Select(CsvActivityLog.Format).ToList();
        await File.AppendAllTextAsync(LogPath, batch[0] + batch[1][..(batch[1].IndexOf("note", StringComparison.Ordinal) + 6)]);
        using var after = new CsvActivityLog(LogPath, TimeProvider.System);
        var logger = new RecordingLogger<ActivityLogPump>();

        var appended = await Pump(lines.Store, after, logger).FlushAsync();

        Assert.Equal(2, appended);
        var cut = await logger.NextAsync(LogLevel.Warning);
        Assert.Equal(5L, cut.Values["Sequence"]);
        var records = await ReadRecordsAsync();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], records.Skip(1).Select(r => r[9]));
        Assert.Equal(lines.Line(6).Arguments, records[6][6]);
        Assert.EndsWith("\r\n", await File.ReadAllTextAsync(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pump_RestartedAfterACrashBetweenAppendAndAnythingElse_ContinuesAfterTheFilesLastLine()
    {
        var lines = new CommittedLines();
        await lines.CommitAsync(3);
        using (var before = new CsvActivityLog(LogPath, TimeProvider.System))
        {
            await Pump(lines.Store, before).FlushAsync();
        }

        await lines.CommitAsync(2);
        using var after = new CsvActivityLog(LogPath, TimeProvider.System);

        Assert.Equal(2, await Pump(lines.Store, after).FlushAsync());
        Assert.Equal(0, await Pump(lines.Store, after).FlushAsync());
        Assert.Equal(["1", "2", "3", "4", "5"], (await ReadRecordsAsync()).Skip(1).Select(r => r[9]));
    }

    [Fact]
    public async Task Flush_WithMoreUnnumberedLinesThanABatch_NumbersAndCopiesThemAll_ABatchPerWrite()
    {
        var lines = new CommittedLines();
        await lines.CommitAsync(10, number: false);
        using var csv = new CsvActivityLog(LogPath, TimeProvider.System);

        var appended = await Pump(lines.Store, csv, batchSize: 3).FlushAsync();

        Assert.Equal(10, appended);
        Assert.Equal(Enumerable.Range(1, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), (await ReadRecordsAsync()).Skip(1).Select(r => r[9]));
    }

    [Fact]
    public async Task Pump_OnAFileOfTheOldFormat_MovesItAsideAndCopiesTheWholeLog()
    {
        Directory.CreateDirectory(_folder);
        const string old = "timestamp,phase,instanceId,activityId,activityType,activityName,arguments,result\r\n2026-01-01T00:00:00.0000000Z,Started,i0,a,T,,{},\r\n";
        await File.WriteAllTextAsync(LogPath, old);
        var lines = new CommittedLines();
        await lines.CommitAsync(2);
        using var csv = new CsvActivityLog(LogPath, TimeProvider.System);
        var logger = new RecordingLogger<ActivityLogPump>();

        await Pump(lines.Store, csv, logger).FlushAsync();

        var moved = (string)(await logger.NextAsync(LogLevel.Warning)).Values["MovedTo"]!;
        Assert.Equal(old, await File.ReadAllTextAsync(moved));
        Assert.Equal(["1", "2"], (await ReadRecordsAsync()).Skip(1).Select(r => r[9]));
    }

    [Fact]
    public async Task Pump_OnAFileCopiedFromAnotherDatabase_MovesItAsideAndStartsFromLineOne()
    {
        // The in-memory store starts empty after every restart; the CSV it left must not hide the new lines.
        var before = new CommittedLines("before-restart");
        await before.CommitAsync(3);
        using (var csv = new CsvActivityLog(LogPath, TimeProvider.System))
        {
            await Pump(before.Store, csv).FlushAsync();
        }

        var after = new CommittedLines("after-restart");
        await after.CommitAsync(4);
        using var restarted = new CsvActivityLog(LogPath, TimeProvider.System);

        Assert.Equal(4, await Pump(after.Store, restarted).FlushAsync());

        var records = await ReadRecordsAsync();
        Assert.Equal(["1", "2", "3", "4"], records.Skip(1).Select(r => r[9]));
        Assert.All(records.Skip(1), r => Assert.Equal("after-restart", r[2]));
        Assert.Single(Directory.GetFiles(_folder, "activity-log.csv.*.old"));
    }

    [Fact]
    public async Task Pump_WhileTheFileCannotBeWritten_RetriesWithGrowingDelays_AndLosesNoLine()
    {
        var lines = new CommittedLines();
        await lines.CommitAsync(6);
        Directory.CreateDirectory(LogPath);
        var clock = new TimerWatchingTimeProvider();
        var logger = new RecordingLogger<ActivityLogPump>();
        using var csv = new CsvActivityLog(LogPath, clock);
        using var pump = Pump(lines.Store, csv, logger, clock);
        // The pump logs a failure before it starts its retry delay: the clock moves only once that delay is waiting.
        var firstDelay = clock.WhenTimerCreated(TimeSpan.FromMilliseconds(200));
        var secondDelay = clock.WhenTimerCreated(TimeSpan.FromMilliseconds(400));

        await pump.StartAsync(CancellationToken.None);
        var firstFailure = await logger.NextAsync(LogLevel.Error);
        await firstDelay.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance((TimeSpan)firstFailure.Values["Delay"]!);
        var secondFailure = await logger.NextAsync(LogLevel.Error);
        Directory.Delete(LogPath);
        await secondDelay.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance((TimeSpan)secondFailure.Values["Delay"]!);
        var recovered = await logger.NextAsync(LogLevel.Information);
        await pump.StopAsync(CancellationToken.None);

        Assert.Equal((1, TimeSpan.FromMilliseconds(200)), ((int)firstFailure.Values["Failures"]!, (TimeSpan)firstFailure.Values["Delay"]!));
        Assert.Equal((2, TimeSpan.FromMilliseconds(400)), ((int)secondFailure.Values["Failures"]!, (TimeSpan)secondFailure.Values["Delay"]!));
        Assert.NotNull(firstFailure.Exception);
        Assert.Equal(2, recovered.Values["Failures"]);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], (await ReadRecordsAsync()).Skip(1).Select(r => r[9]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static ActivityLogPump Pump(IWorkflowStore store, CsvActivityLog csv, ILogger<ActivityLogPump>? logger = null, TimeProvider? time = null, int batchSize = 1000) =>
        new(store, csv, Options.Create(new ActivityLogOptions { BatchSize = batchSize }), time ?? TimeProvider.System, logger ?? NullLogger<ActivityLogPump>.Instance);

    private async Task<IReadOnlyList<IReadOnlyList<string>>> ReadRecordsAsync() =>
        CsvRecords.Parse(await File.ReadAllTextAsync(LogPath, Encoding.UTF8));
}
