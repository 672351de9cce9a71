namespace PatientDocs.Server.PatientDocuments;

/// <summary>Body of <c>GET /api/patient-documents/stats</c>.</summary>
public sealed record PatientDocumentsStats(ConversionStats Conversion);
