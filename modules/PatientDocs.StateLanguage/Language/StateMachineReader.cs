namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// Reads a definition's text (YAML through YamlDotNet, or JSON) into a <see cref="StateMachine"/>. It checks shape only
/// (fields of the right kind); <see cref="StateMachineValidator"/> checks meaning. Scalars keep the text written, so
/// <c>version: 1.0</c> is "1.0".
/// </summary>
public static class StateMachineReader
{
    public static ReadResult Read(string text, DefinitionFormat format) => throw new NotImplementedException();
}
