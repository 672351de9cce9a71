namespace PatientDocs.Server.Api.Events;

/// <summary>How many waiting instances the event resumed.</summary>
public sealed record PublishEventResponse(int ResumedCount);
