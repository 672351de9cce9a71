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

        int? finishedAtKill = null;
        await _run.WaitUntilFinishedAsync(Patients, TimeSpan.FromMinutes(5), async finished =>
        {
            if (finishedAtKill is null && finished >= Patients / 5)
            {
                finishedAtKill = finished;
                await _run.RestartServerAsync();
            }
        });

        Assert.NotNull(finishedAtKill);
        Assert.True(finishedAtKill < Patients, $"the kill came after the run ended ({finishedAtKill} finished)");
        Assert.Equal(Patients, await _run.CountAsync("Finished"));
        await RunChecks.ZeroViolationsAsync(_run);
        await RunChecks.EveryPatientAsync(_run, ids, RunSettings.Distribution(withLargePatient: false));
        Assert.NotEmpty(instanceIds);

        // Lines committed before the kill and after it: the CSV holds each once, as the table and the journal do.
        ActivityLogChecks.CsvTableAndJournalAgree(_run, instanceIds);
    }
}
