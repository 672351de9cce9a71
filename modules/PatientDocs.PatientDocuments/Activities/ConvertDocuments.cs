using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>
/// Fans out the raw files on the conversion queue (a task group: rows and a counter, not contexts in the instance), a few
/// files per item (<see cref="ConversionOptions.FilesPerItem"/>) converted one after another in one slot; each item declares
/// the largest memory need of its files as its weight. Resumes when the last conversion finishes.
/// </summary>
[Activity(PatientDocsQueues.Namespace, "ConvertDocuments", Category = PatientDocsQueues.Category, DisplayName = "Convert documents",
    Description = "Converts every downloaded file of the patient to PDF, in parallel under the conversion queue's limits.", Kind = ActivityKind.Task)]
public sealed class ConvertDocuments : TaskActivity
{
    public override string Queue => PatientDocsQueues.Database;

    [Input(Description = "The patient id; this instance's raw/ files of the patient are converted.")]
    public string PatientId { get; set; } = "";

    [Output(Description = "How many raw files there were to convert.")]
    public int FileCount { get; set; }

    [Output(Description = "How many files were converted (every raw file, once the activity completes).")]
    public int ConvertedCount { get; set; }

    [Output(Description = "How many conversion items failed.")]
    public int FailedCount { get; set; }

    public override ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PatientId))
        {
            return ValueTask.FromResult(TaskOutcome.Permanent("ConvertDocuments needs the input patientId."));
        }

        var store = context.Services.GetRequiredService<DocumentStore>();
        var options = context.Services.GetRequiredService<IOptions<ConversionOptions>>().Value;
        IReadOnlyList<string> files;
        string raw;
        try
        {
            raw = store.RawFolder(PatientId, context.InstanceId);
            files = store.ListRaw(PatientId, context.InstanceId);
        }
        catch (ArgumentException ex)
        {
            return ValueTask.FromResult(TaskOutcome.Permanent(ex.Message));
        }

        FileCount = files.Count;
        if (files.Count == 0)
        {
            return ValueTask.FromResult(TaskOutcome.Completed());
        }

        var sizes = files.ToDictionary(f => f, f => options.MemoryFor(new FileInfo(Path.Combine(raw, f)).Length), StringComparer.Ordinal);
        var items = files
            .Chunk(options.FilesPerItem(files.Count))
            .Select(chunk =>
            {
                var memoryMb = chunk.Max(f => sizes[f]);
                return new TaskItem(chunk[0], ConversionHandler.ItemInput(PatientId, chunk, memoryMb), memoryMb);
            })
            .ToList();
        return ValueTask.FromResult(TaskOutcome.FanOut(ConversionHandler.QueueName, items));
    }

    public override TaskOutcome OnGroupCompleted(TaskGroupResult result)
    {
        // Items hold several files; with none failed, every file the fan-out listed was converted.
        ConvertedCount = result.Failed == 0 ? FileCount : 0;
        FailedCount = result.Failed;
        return base.OnGroupCompleted(result);
    }
}
