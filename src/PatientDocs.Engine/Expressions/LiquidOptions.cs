namespace PatientDocs.Engine.Expressions;

/// <summary>Limits for Liquid templates (Fluid's own bounds); tripping one is an incident.</summary>
public sealed record LiquidOptions
{
    /// <summary>Statements, loop iterations and output steps one render may take.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>How deeply includes, loops and blocks may nest.</summary>
    public int MaxRecursion { get; init; } = 64;

    public void Validate()
    {
        if (MaxSteps <= 0 || MaxRecursion <= 0)
        {
            throw new ArgumentException("LiquidOptions: MaxSteps and MaxRecursion must be positive.");
        }
    }
}
