using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>An instance after its first burst, and the HTTP response that burst wrote, if any.</summary>
public sealed record StartedWorkflow(InstanceRecord Instance, HttpResponseData? HttpResponse);
