using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Conversion;

/// <summary>
/// Converts the raw files of one item of ConvertDocuments' fan-out to PDF, one after another in the item's slot (conversion is
/// single-threaded): simulated work per file, then a small valid PDF written atomically to the instance's pdf/. A PDF already
/// in place means an earlier attempt converted that file; it is not redone.
/// </summary>
public sealed class ConversionHandler(DocumentStore store, ConversionMonitor monitor, IOptions<ConversionOptions> options) : ITaskItemHandler
{
    public const string QueueName = "conversion";

    public string Queue => QueueName;

    /// <summary>The item's input: which patient, which raw files (relative to the instance's raw/), and the most memory one of them declares.</summary>
    public static JsonObject ItemInput(string patientId, IReadOnlyList<string> files, int memoryMb) =>
        new() { ["patientId"] = patientId, ["files"] = new JsonArray([.. files.Select(f => (JsonNode?)JsonValue.Create(f))]), ["memoryMb"] = memoryMb };

    /// <summary>The PDF's path relative to pdf/: the raw file's with the extension replaced.</summary>
    public static string PdfNameFor(string rawFile) => Path.ChangeExtension(rawFile, ".pdf");

    public async ValueTask<TaskOutcome> RunAsync(TaskContext context, JsonObject input, CancellationToken cancellationToken)
    {
        var patientId = (string?)input["patientId"];
        var files = FilesOf(input);
        if (string.IsNullOrEmpty(patientId) || files.Count == 0)
        {
            return TaskOutcome.Permanent("A conversion item needs patientId and files.");
        }

        var memoryMb = input["memoryMb"] is JsonValue m && m.TryGetValue<int>(out var mb) ? mb : 0;
        var missing = new List<string>();
        foreach (var file in files)
        {
            string source;
            string target;
            try
            {
                source = DocumentStore.ResolveUnder(store.RawFolder(patientId, context.InstanceId), file);
                target = DocumentStore.ResolveUnder(store.PdfFolder(patientId, context.InstanceId), PdfNameFor(file));
            }
            catch (Exception ex) when (ex is ArchiveRejectedException or ArgumentException)
            {
                return TaskOutcome.Permanent(ex.Message);
            }

            if (File.Exists(target))
            {
                continue;
            }

            if (!File.Exists(source))
            {
                missing.Add(file);
                continue;
            }

            using (monitor.Enter(memoryMb))
            {
                var work = TimeSpan.FromSeconds(options.Value.SecondsPerFile / (context.TimeScale > 0 ? context.TimeScale : 1));
                if (work > TimeSpan.Zero)
                {
                    await Task.Delay(work, context.Time, cancellationToken);
                }

                await store.WriteAtomicAsync(target, MinimalPdf.Create(Path.GetFileName(file)), cancellationToken);
            }
        }

        return missing.Count == 0
            ? TaskOutcome.Completed()
            : TaskOutcome.Permanent($"Raw file(s) '{string.Join("', '", missing)}' of patient {patientId} do not exist.");
    }

    /// <summary>The item's files; an item queued before items held several files names one in <c>file</c>.</summary>
    private static List<string> FilesOf(JsonObject input)
    {
        if (input["files"] is JsonArray array)
        {
            return [.. array.Select(f => f is JsonValue v && v.TryGetValue<string>(out var name) ? name : "").Where(f => f.Length > 0)];
        }

        return (string?)input["file"] is { Length: > 0 } single ? [single] : [];
    }
}
