using System.Text.Json;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Server.Definitions;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Server.Importing;

/// <summary>
/// Imports at start the workflows the modules ship (<see cref="ModuleWorkflows"/>) and every <c>*.json</c> of the workflows
/// folder; a folder file with the same definition id as a module's replaces it. An invalid file is logged and skipped, never fatal.
/// </summary>
public sealed partial class WorkflowImporter(
    WorkflowDefinitionManager manager,
    IEnumerable<ModuleWorkflows> modules,
    IOptions<ServerOptions> options,
    IHostEnvironment environment,
    ILogger<WorkflowImporter> logger)
{
    public async Task<int> ImportAllAsync(CancellationToken cancellationToken)
    {
        // Module definitions first, keyed by id, so that a folder file of the same id takes their place.
        var definitions = new Dictionary<string, (string Source, WorkflowDefinition Definition)>(StringComparer.Ordinal);
        if (options.Value.ImportModuleWorkflows)
        {
            foreach (var module in modules)
            {
                foreach (var (fileName, json) in module.Read())
                {
                    Add(definitions, $"{module.Module}:{ModuleWorkflows.ResourcePrefix}{fileName}", fileName, json);
                }
            }
        }

        var folder = FindFolder();
        if (folder is null)
        {
            LogNoFolder(logger);
        }
        else
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                string json;
                try
                {
                    json = await File.ReadAllTextAsync(file, cancellationToken);
                }
                catch (IOException exception)
                {
                    LogInvalid(logger, exception, file);
                    continue;
                }

                Add(definitions, file, Path.GetFileName(file), json);
            }
        }

        var imported = 0;
        foreach (var (source, definition) in definitions.Values)
        {
            try
            {
                var result = await manager.ImportAsync(definition, cancellationToken);
                LogImported(logger, source, definition.DefinitionId, result);
                imported++;
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
            {
                LogInvalid(logger, exception, source);
            }
        }

        return imported;
    }

    private void Add(Dictionary<string, (string Source, WorkflowDefinition Definition)> definitions, string source, string fileName, string json)
    {
        try
        {
            var definition = WorkflowDefinition.Parse(json);
            if (string.IsNullOrWhiteSpace(definition.DefinitionId))
            {
                definition.DefinitionId = Path.GetFileNameWithoutExtension(fileName);
            }

            if (definition.Root is null)
            {
                throw new JsonException("The definition has no root activity.");
            }

            if (definitions.TryGetValue(definition.DefinitionId, out var shipped))
            {
                LogOverridden(logger, shipped.Source, definition.DefinitionId, source);
            }

            definitions[definition.DefinitionId] = (source, definition);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            LogInvalid(logger, exception, source);
        }
    }

    /// <summary>The configured folder, else the nearest <c>workflows</c> folder at or above the content root, else at or above the app.</summary>
    public string? FindFolder()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.WorkflowsFolder))
        {
            var configured = Path.GetFullPath(options.Value.WorkflowsFolder, Directory.GetCurrentDirectory());
            return Directory.Exists(configured) ? configured : null;
        }

        return FindUpwards(environment.ContentRootPath) ?? FindUpwards(AppContext.BaseDirectory);
    }

    private static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No workflows folder found; only the modules' workflows are imported")]
    private static partial void LogNoFolder(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {File} as {DefinitionId}: {Result}")]
    private static partial void LogImported(ILogger logger, string file, string definitionId, ImportResult result);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Shipped} ({DefinitionId}) is replaced by {File}")]
    private static partial void LogOverridden(ILogger logger, string shipped, string definitionId, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow file {File} is invalid and was not imported")]
    private static partial void LogInvalid(ILogger logger, Exception exception, string file);
}
