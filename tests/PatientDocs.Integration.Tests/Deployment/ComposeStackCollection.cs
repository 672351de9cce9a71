namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>One compose stack (two nodes, nginx, simulators, a fresh database) shared by the tests that need it running.</summary>
[CollectionDefinition(Name)]
public sealed class ComposeStackCollection : ICollectionFixture<ComposeStack>
{
    public const string Name = "compose stack";
}
