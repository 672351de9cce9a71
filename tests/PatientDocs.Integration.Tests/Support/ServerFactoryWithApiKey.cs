namespace PatientDocs.Integration.Tests.Support;

/// <summary>A server with <c>PatientDocs:ApiKey</c> = <see cref="ApiKey"/>: every route that reads or changes data needs it.</summary>
public sealed class ServerFactoryWithApiKey : ServerFactory
{
    public const string ApiKey = "test-key-123";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["PatientDocs:ApiKey"] = ApiKey;
        return settings;
    }
}
