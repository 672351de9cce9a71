using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.PatientDocuments;

[Collection(RunCollection.Name)]
public sealed class KillRestartTests : IAsyncLifetime
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
    public async Task ServerKilledMidRun_RestartedOnTheSameData_AllFinishWithoutDuplicateItemsOrReports()
    {
        // The simulators run as their own process so their items and windows outlive the server.
        _run = await PatientDocsRun.StartAsync(separateSimulators: true, withLargePatient: false);
        var ids = RunSettings.PatientIds(Patients).ToList();
        var instanceIds = await _run.StartRunsAsync(ids);

        // The kill lands on an event: TaskTracker receiving status updates from a fifth of the patients, the rest still to come.
        await SimulatorArrivals.WaitAsync(_run.Simulators!.BaseAddress, "task-tracker", "status", Patients / 5, TimeSpan.FromMinutes(3));
        _run.Server.Kill();
        var statusesAtKill = await SimulatorArrivals.CountAsync(_run.Simulators.BaseAddress, "task-tracker", "status");
        await _run.RestartServerAsync();
        await _run.WaitUntilFinishedAsync(Patients, TimeSpan.FromMinutes(5));

        Assert.True(statusesAtKill < Patients, $"the kill came after every patient's status update ({statusesAtKill})");
        Assert.Equal(Patients, await _run.CountAsync("Finished"));
        await RunChecks.ZeroViolationsAsync(_run);
        await RunChecks.EveryPatientAsync(_run, ids, RunSettings.Distribution(withLargePatient: false));
        Assert.NotEmpty(instanceIds);

        // Lines committed before the kill and after it: the CSV holds each once, as the table and the journal do.
        ActivityLogChecks.CsvTableAndJournalAgree(_run, instanceIds);
    }
}
