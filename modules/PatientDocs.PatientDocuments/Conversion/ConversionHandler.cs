using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Conversion;

/// <summary>
/// Converts one raw file to PDF (an item of ConvertDocuments' fan-out): simulated single-threaded work, then a small valid
/// PDF written atomically to the instance's pdf/. A PDF already in place means an earlier attempt finished; it is not redone.
/// </summary>
public sealed class ConversionHandler(DocumentStore store, ConversionMonitor monitor, IOptions<ConversionOptions> options) : ITaskItemHandler
{
    public const string QueueName = "conversion";

    public string Queue => QueueName;

    /// <summary>The item's input: which patient, which raw file (relative to the instance's raw/), and its declared memory.</summary>
    public static JsonObject ItemInput(string patientId, string file, int memoryMb) =>
        new() { ["patientId"] = patientId, ["file"] = file, ["memoryMb"] = memoryMb };

    /// <summary>The PDF's path relative to pdf/: the raw file's with the extension replaced.</summary>
    public static string PdfNameFor(string rawFile) => Path.ChangeExtension(rawFile, ".pdf");

    public async ValueTask<TaskOutcome> RunAsync(TaskContext context, JsonObject input, CancellationToken cancellationToken)
    {
        var patientId = (string?)input["patientId"];
        var file = (string?)input["file"];
        if (string.IsNullOrEmpty(patientId) || string.IsNullOrEmpty(file))
        {
            return TaskOutcome.Permanent("A conversion item needs patientId and file.");
        }

        var memoryMb = input["memoryMb"] is JsonValue m && m.TryGetValue<int>(out var mb) ? mb : 0;
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
            return TaskOutcome.Completed();
        }

        if (!File.Exists(source))
        {
            return TaskOutcome.Permanent($"Raw file '{file}' of patient {patientId} does not exist.");
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

        return TaskOutcome.Completed();
    }
}
