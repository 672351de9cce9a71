using PatientDocs.Engine.Alterations;

namespace PatientDocs.Engine.Execution;

/// <summary>Applies alterations in order (the burst runs on the definition version a Migrate names); all or none.</summary>
public sealed record AlterStimulus(IReadOnlyList<Alteration> Alterations) : Stimulus;
