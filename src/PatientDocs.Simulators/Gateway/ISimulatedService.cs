namespace PatientDocs.Simulators.Gateway;

/// <summary>A simulated service behind a <see cref="ServiceGate"/>.</summary>
public interface ISimulatedService
{
    ServiceGate Gate { get; }
}
