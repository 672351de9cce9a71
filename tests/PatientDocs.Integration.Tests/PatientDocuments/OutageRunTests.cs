namespace PatientDocs.Integration.Tests.PatientDocuments;

[Collection(RunCollection.Name)]
public sealed class OutageRunTests : IAsyncLifetime
{
    private const int Patients = 100;
    private PatientDocsRun? _run;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _run?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DocumentExchangeAndTaskTrackerOutagesMidRun_AllFinish_WithoutViolationsOrDuplicateItems()
    {
        _run = await PatientDocsRun.StartAsync(separateSimulators: false, withLargePatient: false);
        var ids = RunSettings.PatientIds(Patients).ToList();
        await _run.StartRunsAsync(ids);

        // 1200 service seconds = 2 real seconds at TimeScale 600: long enough for retries and the breaker to act.
        int? finishedAtOutage = null;
        await _run.WaitUntilFinishedAsync(Patients, TimeSpan.FromMinutes(5), async finished =>
        {
            if (finishedAtOutage is null && finished >= 1)
            {
                finishedAtOutage = finished;
                await _run.PostOutageAsync("document-exchange", "unavailable", 1200);
                await _run.PostOutageAsync("task-tracker", "refuse", 1200);
            }
        });

        Assert.NotNull(finishedAtOutage);
        Assert.True(finishedAtOutage < Patients, $"the outages began after the run ended ({finishedAtOutage} finished)");
        Assert.True((await _run.SimStatsAsync("document-exchange"))["unavailable"]!.GetValue<long>() > 0, "no request met the DocumentExchange outage");
        Assert.True((await _run.SimStatsAsync("task-tracker"))["unavailable"]!.GetValue<long>() > 0, "no request met the TaskTracker outage");
        await RunChecks.ZeroViolationsAsync(_run);
        await RunChecks.EveryPatientAsync(_run, ids, RunSettings.Distribution(withLargePatient: false));
    }
}
