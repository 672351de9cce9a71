using System.Text.Json;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Definitions;
using PatientDocs.Server.Definitions;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Server.Importing;

/// <summary>Imports every <c>workflows/*.json</c> at start; an invalid file is logged and skipped, never fatal.</summary>
public sealed partial class WorkflowImporter(
    WorkflowDefinitionManager manager,
    IOptions<ServerOptions> options,
    IHostEnvironment environment,
    ILogger<WorkflowImporter> logger)
{
    public async Task<int> ImportAllAsync(CancellationToken cancellationToken)
    {
        var folder = FindFolder();
        if (folder is null)
        {
            LogNoFolder(logger);
            return 0;
        }

        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var definition = WorkflowDefinition.Parse(await File.ReadAllTextAsync(file, cancellationToken));
                if (string.IsNullOrWhiteSpace(definition.DefinitionId))
                {
                    definition.DefinitionId = Path.GetFileNameWithoutExtension(file);
                }

                if (definition.Root is null)
                {
                    throw new JsonException("The definition has no root activity.");
                }

                var result = await manager.ImportAsync(definition, cancellationToken);
                LogImported(logger, file, definition.DefinitionId, result);
                imported++;
            }
            catch (Exception exception) when (exception is JsonException or IOException or InvalidOperationException or FormatException)
            {
                LogInvalid(logger, exception, file);
            }
        }

        return imported;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "No workflows folder found; nothing imported")]
    private static partial void LogNoFolder(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {File} as {DefinitionId}: {Result}")]
    private static partial void LogImported(ILogger logger, string file, string definitionId, ImportResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow file {File} is invalid and was not imported")]
    private static partial void LogInvalid(ILogger logger, Exception exception, string file);
}
