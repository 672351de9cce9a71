using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Definitions;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Server.Importing;

namespace PatientDocs.Integration.Tests.Api;

public sealed class WorkflowImportTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private void WriteFile(string name, string text) => File.WriteAllText(Path.Combine(_factory.WorkflowsFolder, name), text);

    private static string FileJson(string definitionId, string text) => ApiJson.Model(definitionId, text).ToJsonString();

    [Fact]
    public async Task Start_ImportsEachFileAsPublishedVersionOne_AndSkipsAnInvalidFile()
    {
        WriteFile("one.json", FileJson("imported-one", "hello"));
        WriteFile("broken.json", "{ this is not json");
        using var client = _factory.CreateClient();

        var definition = await (await client.GetAsync("/elsa/api/workflow-definitions/by-definition-id/imported-one?versionOptions=Published")).ReadObjectAsync();

        Assert.Equal(1, definition.Int("version"));
        Assert.True(definition.Bool("isPublished"));
        Assert.True(definition.Bool("isLatest"));
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Import_UnchangedFile_AddsNoVersion_ChangedFile_AddsPublishedVersion()
    {
        WriteFile("two.json", FileJson("imported-two", "hello"));
        using var client = _factory.CreateClient();
        var importer = _factory.Services.GetRequiredService<WorkflowImporter>();

        await importer.ImportAllAsync(CancellationToken.None);
        var afterUnchanged = await (await client.GetAsync("/elsa/api/workflow-definitions/imported-two/versions")).ReadObjectAsync();
        WriteFile("two.json", FileJson("imported-two", "changed"));
        await importer.ImportAllAsync(CancellationToken.None);
        var afterChanged = await (await client.GetAsync("/elsa/api/workflow-definitions/imported-two/versions")).ReadObjectAsync();

        Assert.Equal(1, afterUnchanged.Int("totalCount"));
        Assert.Equal(2, afterChanged.Int("totalCount"));
        var latest = afterChanged["items"]!.AsArray().Single(i => i.Bool("isLatest"));
        Assert.Equal(2, latest.Int("version"));
        Assert.True(latest.Bool("isPublished"));
        Assert.Single(afterChanged["items"]!.AsArray(), i => i.Bool("isPublished"));
    }

    [Fact]
    public async Task Import_FileWithoutDefinitionId_UsesTheFileName()
    {
        var model = ApiJson.Model("ignored", "x");
        model.Remove("definitionId");
        WriteFile("by-file-name.json", model.ToJsonString());
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/elsa/api/workflow-definitions/by-definition-id/by-file-name");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<JsonObject>((await response.ReadObjectAsync())["root"]);
    }

    [Fact]
    public async Task Start_ImportsTheWorkflowsAModuleShips_AsPublishedDefinitions()
    {
        _factory.Overrides["PatientDocs:ImportModuleWorkflows"] = "true";
        using var client = _factory.CreateClient();

        var definition = await (await client.GetAsync("/elsa/api/workflow-definitions/by-definition-id/patient-documents?versionOptions=Published")).ReadObjectAsync();

        Assert.Equal(1, definition.Int("version"));
        Assert.Equal(ShippedFlagship()["name"]!.GetValue<string>(), definition.Str("name"));
        Assert.Equal("patient-documents", HttpEndpointPath(definition));
    }

    [Fact]
    public async Task AFolderFileWithTheSameIdAsAModulesWorkflow_ReplacesIt()
    {
        _factory.Overrides["PatientDocs:ImportModuleWorkflows"] = "true";
        var replacement = ApiJson.Model("patient-documents", "our own");
        replacement["name"] = "Patient documents, our way";
        WriteFile("mine.json", replacement.ToJsonString());
        using var client = _factory.CreateClient();

        var versions = await (await client.GetAsync("/elsa/api/workflow-definitions/patient-documents/versions")).ReadObjectAsync();

        var only = Assert.Single(versions["items"]!.AsArray());
        Assert.Equal("Patient documents, our way", only.Str("name"));
    }

    [Fact]
    public async Task WithModuleImportOff_OnlyTheFolderIsImported()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/elsa/api/workflow-definitions/by-definition-id/patient-documents");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static JsonObject ShippedFlagship()
    {
        var module = new ModuleWorkflows("patient-documents", typeof(PatientDocs.PatientDocuments.PatientDocumentsModule).Assembly);
        var (fileName, json) = Assert.Single(module.Read());
        Assert.Equal("patient-documents.json", fileName);
        return JsonNode.Parse(json)!.AsObject();
    }

    private static string? HttpEndpointPath(JsonObject definition) =>
        definition["root"]!["activities"]!.AsArray()
            .Single(a => a.Str("type") == "Elsa.HttpEndpoint")!["path"]!["expression"]!["value"]!.GetValue<string>();
}
