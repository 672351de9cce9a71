namespace PatientDocs.Integration.Tests.Support;

/// <summary>A server that requires <c>Authorization: ApiKey <see cref="ApiKey"/></c> on <c>/elsa/api</c>.</summary>
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
