using PatientDocs.Engine.Alterations;

namespace PatientDocs.Server.Api.Alterations;

/// <summary>Elsa's AlterationLog: its entries in the order they were written.</summary>
public sealed record AlterationLogModel(IReadOnlyList<AlterationLogEntry> LogEntries);
