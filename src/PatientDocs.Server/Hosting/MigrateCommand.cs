using System.Data.Common;
using PatientDocs.Persistence.Migrations;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// <c>dotnet PatientDocs.Server.dll migrate</c>: applies the pending migrations of the configured store and exits, without
/// starting a worker or listening; what a deployment's migration step (the Helm chart's pre-upgrade job) runs.
/// </summary>
public static partial class MigrateCommand
{
    public const string Verb = "migrate";

    /// <summary>Exit code of a database migrated by a newer PatientDocs: this build changes nothing.</summary>
    public const int NewerSchemaExitCode = 3;

    public static bool IsRequested(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Verb;

    /// <summary>Returns the process's exit code: 0 migrated (or already current), 1 database error, 2 no schema to migrate, 3 newer schema.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        if (app.Services.GetService<StoreMigrator>() is not { } migrator)
        {
            LogNoSchema(logger);
            return 2;
        }

        try
        {
            var applied = await migrator.MigrateAsync(app.Lifetime.ApplicationStopping);
            LogMigrated(logger, applied.Count == 0 ? "none (already current)" : string.Join(", ", applied));
            return 0;
        }
        catch (StoreSchemaException e)
        {
            LogRefused(logger, e.Message);
            return NewerSchemaExitCode;
        }
        catch (DbException e)
        {
            LogFailed(logger, e);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration done; versions applied: {Versions}")]
    private static partial void LogMigrated(ILogger logger, string versions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration failed: the database did not accept it")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nothing to migrate: PatientDocs:Store:Provider is InMemory, which has no schema")]
    private static partial void LogNoSchema(ILogger logger);
}
