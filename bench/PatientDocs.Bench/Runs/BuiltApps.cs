namespace PatientDocs.Bench.Runs;

/// <summary>The built Release dlls the bench starts as child processes.</summary>
public sealed record BuiltApps(string ServerDll, string SimulatorsDll);
