using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>
/// Lists the documents this instance converted (the PDFs in its storage folder, not an earlier run's) as a text report
/// and keeps a copy next to them.
/// </summary>
[Activity(PatientDocsQueues.Namespace, "GenerateReport", Category = PatientDocsQueues.Category, DisplayName = "Generate report",
    Description = "Generates a report listing the names of the converted documents.", Kind = ActivityKind.Task)]
public sealed class GenerateReport : TaskActivity
{
    public override string Queue => PatientDocsQueues.Database;

    [Input(Description = "The patient id whose converted documents are listed.")]
    public string PatientId { get; set; } = "";

    [Output(Description = "The report text: a header line, then one converted document name per line.")]
    public string Report { get; set; } = "";

    [Output(Description = "How many converted documents the report lists.")]
    public int DocumentCount { get; set; }

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PatientId))
        {
            return TaskOutcome.Permanent("GenerateReport needs the input patientId.");
        }

        var store = context.Services.GetRequiredService<DocumentStore>();
        IReadOnlyList<string> pdfs;
        try
        {
            pdfs = store.ListPdf(PatientId, context.InstanceId);
        }
        catch (ArgumentException ex)
        {
            return TaskOutcome.Permanent(ex.Message);
        }

        Report = Format(PatientId, pdfs);
        DocumentCount = pdfs.Count;
        await store.WriteAtomicAsync(store.ReportPath(PatientId, context.InstanceId), Encoding.UTF8.GetBytes(Report), cancellationToken);
        return TaskOutcome.Completed();
    }

    public static string Format(string patientId, IReadOnlyList<string> documentNames)
    {
        var report = new StringBuilder();
        report.Append("Converted documents of patient ").Append(patientId).Append(": ").Append(documentNames.Count).Append('\n');
        foreach (var name in documentNames)
        {
            report.Append(name).Append('\n');
        }

        return report.ToString();
    }
}
