namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Work a module needs done once at start, after the store's schema is current and before any worker runs (seed data,
/// cleanup of what this node left behind when it was killed). The host runs every registered task in registration order.
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
