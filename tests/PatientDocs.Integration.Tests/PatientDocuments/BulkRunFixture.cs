namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>200 patients started at once (found, not found, one with 3000 files, one not in the database), run to the end.</summary>
public sealed class BulkRunFixture : IAsyncLifetime
{
    public const int KnownPatients = 199;

    public PatientDocsRun Run { get; private set; } = null!;

    public IReadOnlyList<string> PatientIds { get; } = [.. RunSettings.PatientIds(KnownPatients), RunSettings.UnknownPatient];

    public IReadOnlyList<string> InstanceIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Run = await PatientDocsRun.StartAsync(separateSimulators: false, withLargePatient: true);
        InstanceIds = await Run.StartRunsAsync(PatientIds);
        await Run.WaitUntilFinishedAsync(PatientIds.Count, TimeSpan.FromMinutes(8));
    }

    public Task DisposeAsync()
    {
        Run?.Dispose();
        return Task.CompletedTask;
    }
}
