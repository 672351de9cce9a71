namespace PatientDocs.Engine.Tests.Support;

/// <summary>A fact over ../shared/elsa-toolbox-examples: skipped, saying why, when the folder is absent locally (never under CI).</summary>
public sealed class ToolboxFactAttribute : FactAttribute
{
    public ToolboxFactAttribute()
    {
        Skip = ToolboxExamples.SkipReason;
    }
}
