namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>The end-to-end runs each start a server and load both cores: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunCollection
{
    public const string Name = "Patient-documents runs";
}
