using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Storage;

/// <summary>
/// The version a start resolved for its definition and options. The store creates the start only if the options still
/// select that version when it writes, in the same transaction: a node may resolve a start from what it remembers and still
/// never start a version that another node has replaced by publishing.
/// </summary>
public sealed record StartVersion(string DefinitionId, VersionOptions Options, string VersionId);
