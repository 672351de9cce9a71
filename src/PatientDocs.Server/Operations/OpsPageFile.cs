namespace PatientDocs.Server.Operations;

/// <summary>One embedded file of the operations page.</summary>
public sealed record OpsPageFile(byte[] Content, string ContentType);
