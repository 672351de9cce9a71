namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>The started instances' ids, in the order of the patient ids.</summary>
public sealed record BulkRunResponse(IReadOnlyList<string> InstanceIds);
