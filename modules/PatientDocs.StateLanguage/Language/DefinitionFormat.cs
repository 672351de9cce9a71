namespace PatientDocs.StateLanguage.Language;

/// <summary>How a definition's text is written: chosen by the request's Content-Type.</summary>
public enum DefinitionFormat
{
    Yaml,
    Json,
}
