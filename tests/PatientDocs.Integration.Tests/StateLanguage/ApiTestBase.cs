namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>A state-language server on the store a subclass picks, made on first use and disposed after each test.</summary>
public abstract class ApiTestBase : IAsyncLifetime
{
    private StateLanguageServer? _server;
    private HttpClient? _client;

    protected abstract StateLanguageServer CreateServer();

    protected StateLanguageServer Server => _server ??= CreateServer();

    protected HttpClient Client => _client ??= Server.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
