namespace PatientDocs.Engine.Expressions;

/// <summary>Limits that keep a bad script from hanging or crashing the engine; tripping one is an incident.</summary>
public sealed record JavaScriptOptions
{
    // The statement limit stops a runaway loop; the clock is the backstop, wide enough that a busy node's first compile of
    // a script (or a GC pause) does not fault a workflow.
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxStatements { get; init; } = 5_000_000;

    public int RecursionLimit { get; init; } = 200;

    /// <summary>Bytes one evaluation may allocate (Jint counts the thread's allocations while the script runs).</summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || MaxStatements <= 0 || RecursionLimit <= 0 || MemoryLimitBytes <= 0)
        {
            throw new ArgumentException("JavaScriptOptions: Timeout, MaxStatements, RecursionLimit and MemoryLimitBytes must be positive.");
        }
    }
}
