using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Seed 004's order_processing_workflow, read from workflows/state-language as the module reads it.</summary>
internal static class SampleMachine
{
    public static StateMachine Build()
    {
        var read = StateMachineReader.Read(LanguageSamples.SampleYaml(), DefinitionFormat.Yaml);
        Assert.Empty(read.Errors);
        return read.Machine!;
    }
}
