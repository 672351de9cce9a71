namespace PatientDocs.Engine.Queues;

/// <summary>Queues claimed together: those sharing one limit (priority spans them), or a single unlimited queue.</summary>
public sealed record QueueGroup(string Name, string Service, IReadOnlyList<ResolvedQueue> Queues, ResolvedLimit? Limit);
