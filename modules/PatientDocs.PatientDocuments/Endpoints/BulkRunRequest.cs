using System.Text.Json.Nodes;

namespace PatientDocs.PatientDocuments.Endpoints;

/// <summary>Body of <c>POST /api/patient-documents/runs</c>; ids stay JSON nodes so each one is checked and named on its own.</summary>
public sealed record BulkRunRequest(JsonArray? PatientIds);
