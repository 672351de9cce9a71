using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>
/// Fans out one conversion per raw file on the conversion queue (a task group: N rows and a counter, not N contexts in
/// the instance); each item declares its memory need as its weight. Resumes when the last conversion finishes.
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

    [Output(Description = "How many files were converted.")]
    public int ConvertedCount { get; set; }

    [Output(Description = "How many conversions failed.")]
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

        var items = files
            .Select(file =>
            {
                var memoryMb = options.MemoryFor(new FileInfo(Path.Combine(raw, file)).Length);
                return new TaskItem(file, ConversionHandler.ItemInput(PatientId, file, memoryMb), memoryMb);
            })
            .ToList();
        return ValueTask.FromResult(TaskOutcome.FanOut(ConversionHandler.QueueName, items));
    }

    public override TaskOutcome OnGroupCompleted(TaskGroupResult result)
    {
        ConvertedCount = result.Succeeded;
        FailedCount = result.Failed;
        return base.OnGroupCompleted(result);
    }
}
