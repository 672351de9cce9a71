namespace PatientDocs.Engine.Expressions;

/// <summary>Limits that keep a bad script from hanging or crashing the engine.</summary>
public sealed record JavaScriptOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxStatements { get; init; } = 5_000_000;

    public int RecursionLimit { get; init; } = 200;

    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || MaxStatements <= 0 || RecursionLimit <= 0)
        {
            throw new ArgumentException("JavaScriptOptions: Timeout, MaxStatements and RecursionLimit must be positive.");
        }
    }
}
