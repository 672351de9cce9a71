namespace PatientDocs.Simulators.Gateway;

public sealed record OutagesEnded(int Ended);
