using PatientDocs.PatientDocuments.Patients;

namespace PatientDocs.Integration.Tests.PatientDocuments;

[Collection(RunCollection.Name)]
public sealed class BulkRunTests(BulkRunFixture fixture) : IClassFixture<BulkRunFixture>
{
    private readonly PatientDocsRun _run = fixture.Run;

    [Fact]
    public async Task TwoHundredPatients_AllFinish_WithDatabaseTrackerAndReportsRight()
    {
        Assert.Equal(fixture.PatientIds.Count, await _run.CountAsync("Finished"));
        var known = fixture.PatientIds.Where(id => id != RunSettings.UnknownPatient).ToList();
        await RunChecks.EveryPatientAsync(_run, known, RunSettings.Distribution(withLargePatient: true));
        Assert.Equal(RunSettings.LargeFiles, _run.PdfNames(RunSettings.LargePatient).Count);
    }

    [Fact]
    public async Task BothSimulators_ReportZeroViolations_AndOneSearchPerKnownPatient()
    {
        await RunChecks.ZeroViolationsAsync(_run);
        var docex = await _run.SimStatsAsync("document-exchange");
        Assert.Equal(BulkRunFixture.KnownPatients, docex["endpoints"]!["search"]!["requests"]!.GetValue<long>());
        var tracker = await _run.SimStatsAsync("task-tracker");
        Assert.Equal(BulkRunFixture.KnownPatients, tracker["endpoints"]!["create"]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public void ActivityLog_HoldsAStartAndAFinishForEveryActivityExecution()
    {
        RunChecks.ActivityLogComplete(_run, fixture.InstanceIds);
    }

    [Fact]
    public async Task UnknownPatient_EndsWithPatientNotFound_AndMakesNoExternalCall()
    {
        var index = fixture.PatientIds.ToList().IndexOf(RunSettings.UnknownPatient);
        var instance = await _run.InstanceAsync(fixture.InstanceIds[index]);
        Assert.Equal("Finished", instance["subStatus"]!.GetValue<string>());
        Assert.Equal(DocumentsStatus.PatientNotFound, instance["workflowState"]!["output"]!["result"]!.GetValue<string>());

        Assert.False(_run.Patients().ContainsKey(RunSettings.UnknownPatient));
        Assert.DoesNotContain(await _run.TrackerItemsAsync(), i => i["patientId"]!.GetValue<string>() == RunSettings.UnknownPatient);
        Assert.False(Directory.Exists(Path.Combine(_run.DataFolder, "documents", RunSettings.UnknownPatient)));
        var activityTypes = CsvRecords.Parse(await File.ReadAllTextAsync(Path.Combine(_run.DataFolder, "activity-log.csv")))
            .Where(r => r.Count > 4 && r[2] == fixture.InstanceIds[index])
            .Select(r => r[4])
            .ToHashSet();
        Assert.Contains("PatientDocs.GetPatient", activityTypes);
        Assert.DoesNotContain(activityTypes, t => t is "PatientDocs.CreateTrackerItem" or "PatientDocs.SearchDocuments" or "PatientDocs.DownloadArchive");
    }

    [Fact]
    public async Task Conversion_NeverExceedsEightAtOnce_OrTheMemoryBudget()
    {
        var stats = await _run.ConversionStatsAsync();
        var slots = stats["slots"]!.GetValue<int>();
        var budget = stats["budgetMb"]!.GetValue<long>();
        Assert.Equal(8, slots);
        Assert.Equal(12288, budget);
        Assert.InRange(stats["peak"]!.GetValue<int>(), 1, slots);
        Assert.InRange(stats["peakWeightMb"]!.GetValue<long>(), 1, budget);
        Assert.Equal(0, stats["current"]!.GetValue<int>());
        var expectedFiles = RunSettings.PatientIds(BulkRunFixture.KnownPatients).Sum(id => _run.PdfNames(id).Count);
        Assert.Equal(expectedFiles, stats["completed"]!.GetValue<long>());
    }
}
