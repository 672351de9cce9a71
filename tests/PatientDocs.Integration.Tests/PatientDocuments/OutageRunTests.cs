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
        // The outages are armed in the simulators, so each begins on an event: the 51st TaskTracker request and
        // the 21st DocumentExchange request meet them, mid-run by construction; no request count is polled for.
        // 1200 service seconds = 2 real seconds at TimeScale 600: long enough for retries and the breaker to act.
        await _run.PostOutageAsync("task-tracker", "refuse", 1200, startAfterRequests: 50);
        await _run.PostOutageAsync("document-exchange", "unavailable", 1200, startAfterRequests: 20);
        var ids = RunSettings.PatientIds(Patients).ToList();
        await _run.StartRunsAsync(ids);
        await _run.WaitUntilFinishedAsync(Patients, TimeSpan.FromMinutes(5));

        Assert.True((await _run.SimStatsAsync("document-exchange"))["unavailable"]!.GetValue<long>() > 0, "no request met the DocumentExchange outage");
        Assert.True((await _run.SimStatsAsync("task-tracker"))["unavailable"]!.GetValue<long>() > 0, "no request met the TaskTracker outage");
        await RunChecks.ZeroViolationsAsync(_run);
        await RunChecks.EveryPatientAsync(_run, ids, RunSettings.Distribution(withLargePatient: false));
    }
}
