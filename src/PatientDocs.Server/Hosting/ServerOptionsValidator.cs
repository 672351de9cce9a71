using Microsoft.Extensions.Options;

namespace PatientDocs.Server.Hosting;

/// <summary>Runs at start (ValidateOnStart); each message names the setting to fix.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            failures.Add("PatientDocs:DataFolder must not be empty.");
        }

        if (!Enum.IsDefined(options.Store.Provider))
        {
            failures.Add("PatientDocs:Store:Provider must be Sqlite, PostgreSql or InMemory.");
        }

        if (options.Store.Provider == StoreProvider.PostgreSql && string.IsNullOrWhiteSpace(options.Store.ConnectionString))
        {
            failures.Add("PatientDocs:Store:ConnectionString is required when PatientDocs:Store:Provider is PostgreSql.");
        }

        if (options.ApiKey is { } key && key.Length > 0 && string.IsNullOrWhiteSpace(key))
        {
            failures.Add("PatientDocs:ApiKey must not be blank when set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
