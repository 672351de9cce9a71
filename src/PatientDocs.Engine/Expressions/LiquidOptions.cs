namespace PatientDocs.Engine.Expressions;

/// <summary>Limits for Liquid templates (Fluid's own bounds); tripping one is an incident.</summary>
public sealed record LiquidOptions
{
    /// <summary>Statements, loop iterations and output steps one render may take.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>How deeply includes may nest (Fluid's recursion bound).</summary>
    public int MaxRecursion { get; init; } = 64;

    /// <summary>Characters a render may write, and the longest text it may assign or capture.</summary>
    public int MaxOutputLength { get; init; } = 1_000_000;

    public void Validate()
    {
        if (MaxSteps <= 0 || MaxRecursion <= 0 || MaxOutputLength <= 0)
        {
            throw new ArgumentException("LiquidOptions: MaxSteps, MaxRecursion and MaxOutputLength must be positive.");
        }
    }
}
