using System.Net;
using Microsoft.Data.Sqlite;
using PatientDocs.Persistence.Migrations;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// The server's migration step as a deployment runs it (<c>dotnet PatientDocs.Server.dll migrate</c>, the chart's hook job and
/// compose's <c>migrate</c> service), and the nodes' refusal to start on a schema they do not know. SQLite, real processes.
/// </summary>
public sealed class MigrateCommandTests : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "PatientDocs.Server.dll");
    private static readonly int LatestVersion = StoreMigrator.LoadScripts(PatientDocs.Persistence.StoreProvider.Sqlite)[^1].Version;
    private readonly TempFolder _data = new("pd-migrate");

    private string DatabasePath => Path.Combine(_data.Path, "patientdocs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryVersionAndExitsWithoutServing()
    {
        var (exit, output) = await RunAsync([MigrateCommand.Verb]);

        Assert.True(exit == 0, output);
        Assert.Equal(LatestVersion, Scalar("SELECT max(version) FROM schema_version"));
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_OnANewerSchema_RefusesWithItsExitCodeAndChangesNothing()
    {
        Assert.Equal(0, (await RunAsync([MigrateCommand.Verb])).Exit);
        var applied = Scalar("SELECT count(*) FROM schema_version");
        Execute($"INSERT INTO schema_version (version, name, applied_at) VALUES ({LatestVersion + 90}, 'from_a_newer_build', 0)");

        var (exit, output) = await RunAsync([MigrateCommand.Verb]);

        Assert.Equal(MigrateCommand.NewerSchemaExitCode, exit);
        Assert.Contains($"version(s) {LatestVersion + 90} that this build does not know", output, StringComparison.Ordinal);
        Assert.Equal(applied + 1, Scalar("SELECT count(*) FROM schema_version"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Server_OnANewerSchema_RefusesToStart(string migrateOnStart)
    {
        Assert.Equal(0, (await RunAsync([MigrateCommand.Verb])).Exit);
        Execute($"INSERT INTO schema_version (version, name, applied_at) VALUES ({LatestVersion + 1}, 'from_a_newer_build', 0)");

        var (exit, output) = await RunAsync([], migrateOnStart);

        Assert.NotEqual(0, exit);
        Assert.Contains(nameof(StoreSchemaException), output, StringComparison.Ordinal);
        Assert.Contains($"version(s) {LatestVersion + 1} that this build does not know", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_WithoutMigrateOnStart_OnAnEmptyDatabase_RefusesToStartAndNamesTheMigration()
    {
        var (exit, output) = await RunAsync([], migrateOnStart: "false");

        Assert.NotEqual(0, exit);
        Assert.Contains("lacks version(s) 1, 2", output, StringComparison.Ordinal);
        Assert.Contains("PatientDocs.Server.dll migrate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_WithoutMigrateOnStart_AfterTheMigration_StartsReadyAndAlive()
    {
        Assert.Equal(0, (await RunAsync([MigrateCommand.Verb])).Exit);

        await using var server = await AppProcess.StartAsync("PatientDocs.Server", "/health", [], environment: Environment("false"));

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    private Dictionary<string, string> Environment(string migrateOnStart) => new(StringComparer.Ordinal)
    {
        ["PatientDocs__DataFolder"] = _data.Path,
        ["PatientDocs__Store__Provider"] = "Sqlite",
        ["PatientDocs__Store__MigrateOnStart"] = migrateOnStart,
        ["PatientDocs__AllowAnonymous"] = "true",
        ["Logging__LogLevel__Default"] = "Information",
    };

    private async Task<(int Exit, string Output)> RunAsync(string[] arguments, string migrateOnStart = "true")
    {
        await using var process = ChildProcess.Start("dotnet", [Dll, .. arguments, "--urls", "http://127.0.0.1:0"], Path.GetTempPath(), Environment(migrateOnStart));
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        return (exit, process.Output);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
