namespace PatientDocs.Engine.Storage;

/// <summary>
/// The journal's head when the mark was taken, with the write transactions open just after (which may hold a position up
/// to <see cref="Head"/> and commit later), and which of the transactions asked about are still open.
/// </summary>
public sealed record JournalMark(long Head, IReadOnlyList<long> OpenTransactions, IReadOnlyList<long> StillOpen);
