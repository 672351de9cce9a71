namespace PatientDocs.Engine.Tests.Support;

/// <summary>
/// A fact over ../shared/elsa-toolbox-examples: skipped, saying why, when the folder is absent locally or when the case
/// needs modern JavaScript the script engine does not parse yet; it runs as soon as the engine does.
/// </summary>
public sealed class ToolboxFactAttribute : FactAttribute
{
    public ToolboxFactAttribute(bool needsModernJavaScript = false)
    {
        Skip = ToolboxExamples.SkipReason ?? (needsModernJavaScript ? ToolboxExamples.ModernJavaScriptGap : null);
    }
}
