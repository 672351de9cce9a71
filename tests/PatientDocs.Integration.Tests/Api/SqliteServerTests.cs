using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>The same host on the SQLite store: migrations at start, definitions, instances and the health check.</summary>
public sealed class SqliteServerTests : IDisposable
{
    private readonly ServerFactory _factory = new() { UseSqlite = true };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Health_OnSqlite_Returns200()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(_factory.DataFolder, "patientdocs.db")));
    }

    [Fact]
    public async Task SaveExecuteAndList_OnSqlite_RoundTrip()
    {
        using var client = _factory.CreateClient();
        await client.SaveAsync(ApiJson.Flow("sqlite-flow", ApiJson.Start(), ApiJson.WriteLine("w1", "hi")), publish: true);
        await client.SaveAsync(ApiJson.Flow("sqlite-flow", ApiJson.Start(), ApiJson.WriteLine("w1", "v2")), publish: false);

        using var executed = await client.PostAsJsonAsync("/elsa/api/workflow-definitions/sqlite-flow/execute", new JsonObject());
        var list = await (await client.PostAsJsonAsync("/elsa/api/workflow-instances", new JsonObject { ["definitionId"] = "sqlite-flow" })).ReadObjectAsync();
        var versions = await (await client.GetAsync("/elsa/api/workflow-definitions/sqlite-flow/versions")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        Assert.Equal(1, list.Int("totalCount"));
        Assert.Equal(1, list["items"]![0].Int("version"));
        Assert.Equal(2, versions.Int("totalCount"));
    }
}
