namespace PatientDocs.Integration.Tests.Http;

/// <summary>One request as <see cref="RecordingHttpServer"/> received it.</summary>
internal sealed record RecordedRequest(DateTimeOffset ArrivedAt, string Method, string Path, string IdempotencyKey, string? ContentType, string Body);
