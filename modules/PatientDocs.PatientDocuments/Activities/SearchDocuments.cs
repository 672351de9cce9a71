using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>Starts a DocumentExchange search by name; the job runs on the service and is polled by WaitForSearchJob.</summary>
[Activity(PatientDocsQueues.Namespace, "SearchDocuments", Category = PatientDocsQueues.Category, DisplayName = "Search documents",
    Description = "Sends a search-documents request to DocumentExchange and returns its job id.", Kind = ActivityKind.Task)]
public sealed class SearchDocuments : TaskActivity
{
    public override string Queue => PatientDocsQueues.DocexSearch;

    public override int Priority => 0;

    [Input(Description = "The patient id (lets the service pick the patient's archive).")]
    public string PatientId { get; set; } = "";

    [Input(Description = "The patient's first name.")]
    public string FirstName { get; set; } = "";

    [Input(Description = "The patient's last name.")]
    public string LastName { get; set; } = "";

    [Output(Description = "The DocumentExchange search job id.")]
    public string JobId { get; set; } = "";

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(FirstName) || string.IsNullOrWhiteSpace(LastName))
        {
            return TaskOutcome.Permanent("SearchDocuments needs the inputs firstName and lastName.");
        }

        var client = context.Services.GetRequiredService<DocumentExchangeClient>();
        var response = await client.StartSearchAsync(context, PatientId, FirstName, LastName, cancellationToken);
        if (!response.Succeeded)
        {
            return response.Failure!;
        }

        JobId = response.Value!;
        return TaskOutcome.Completed();
    }
}
