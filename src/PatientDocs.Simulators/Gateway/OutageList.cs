namespace PatientDocs.Simulators.Gateway;

public sealed record OutageList(IReadOnlyList<OutageView> Outages);
