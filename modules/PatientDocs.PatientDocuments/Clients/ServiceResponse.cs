using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;

namespace PatientDocs.PatientDocuments.Clients;

/// <summary>Either a value from a 2xx answer or the outcome the task should return instead (transient, permanent, requeue).</summary>
public sealed record ServiceResponse<T>(T? Value, TaskOutcome? Failure)
{
    public bool Succeeded => Failure is null;
}
