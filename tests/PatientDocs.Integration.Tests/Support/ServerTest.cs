using Microsoft.AspNetCore.Mvc.Testing;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// A test class over one server on the store a subclass picks. The server is made at first use, so a test may change its
/// settings before it starts, and disposed after each test.
/// </summary>
public abstract class ServerTest<TServer> : IAsyncLifetime
    where TServer : WebApplicationFactory<PatientDocs.Server.Program>
{
    private TServer? _server;
    private HttpClient? _client;

    protected abstract TServer CreateServer();

    protected TServer Server => _server ??= CreateServer();

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
