using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using PatientDocs.StateLanguage.Language;
using PatientDocs.StateLanguage.Registration;
using PatientDocs.StateLanguage.Storage;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary>Definitions: register (<c>POST /workflows</c>), list every version, and read one by name (latest or <c>?version=</c>).</summary>
public static class WorkflowEndpoints
{
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/workflows", RegisterAsync);
        app.MapGet("/workflows", ListAsync);

        // Shares its path with the host's HTTP triggers (/workflows/{**path}): a name that is not a state-language workflow
        // goes on to them, so they keep their own access rules and this route checks the group's itself.
        app.MapGet("/workflows/{name}", GetAsync).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Created<WorkflowRegistered>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpRequest request, WorkflowRegistrar registrar, CancellationToken cancellationToken)
    {
        if (FormatOf(request.ContentType) is not { } format)
        {
            return StateLanguageProblems.UnsupportedMediaType(request.ContentType);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return StateLanguageProblems.Invalid("body", "The body is empty: send a workflow definition (name, version, startAt, states).");
        }

        var result = await registrar.RegisterAsync(text, format, cancellationToken);
        if (result.Errors.Count > 0)
        {
            return StateLanguageProblems.InvalidDefinition(result.Errors);
        }

        if (result.Conflict)
        {
            return StateLanguageProblems.Conflict("The workflow version is registered already.", $"Workflow '{result.Name}' version '{result.Version}' is registered already.");
        }

        var row = result.Registered!;
        return TypedResults.Created($"/workflows/{Uri.EscapeDataString(row.Name)}?version={Uri.EscapeDataString(row.Version)}", new WorkflowRegistered(row.Name, row.Version));
    }

    private static async Task<Results<Ok<Page<WorkflowSummary>>, ValidationProblem>> ListAsync(HttpRequest request, StateLanguageStore store, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(request, out var paging, out var problem))
        {
            return problem!;
        }

        var rows = (await store.ListWorkflowsAsync(cancellationToken))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Version, VersionOrder.Instance)
            .ToList();
        var items = rows.Skip(paging.Offset).Take(paging.Limit).Select(r => new WorkflowSummary(r.Name, r.Version, r.StartAt, r.StateCount)).ToList();
        return TypedResults.Ok(new Page<WorkflowSummary>(items, rows.Count));
    }

    private static async Task<IResult> GetAsync(string name, string? version, HttpContext context, StateLanguageStore store, CancellationToken cancellationToken)
    {
        var row = await store.FindWorkflowAsync(name, null, cancellationToken);
        if (row is null)
        {
            return await TriggerHandOff.InvokeAsync(context, name);
        }

        if (await EndpointAccess.CheckAsync(context) is { } denied)
        {
            return denied;
        }

        if (version is not null)
        {
            row = await store.FindWorkflowAsync(name, version, cancellationToken);
            if (row is null)
            {
                return StateLanguageProblems.NotFound("Workflow version not found.", $"Workflow '{name}' has no version '{version}'.");
            }
        }

        var states = JsonNode.Parse(row!.Definition)?["states"]?.DeepClone();
        return TypedResults.Ok(new WorkflowDetail(row.Name, row.Version, row.StartAt, states, row.RegisteredAt));
    }

    private static DefinitionFormat? FormatOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return null;
        }

        if (YamlTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return DefinitionFormat.Yaml;
        }

        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) ? DefinitionFormat.Json : null;
    }
}
