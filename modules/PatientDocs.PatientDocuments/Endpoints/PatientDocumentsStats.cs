namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>Body of <c>GET /api/patient-documents/stats</c>.</summary>
public sealed record PatientDocumentsStats(ConversionStats Conversion);
