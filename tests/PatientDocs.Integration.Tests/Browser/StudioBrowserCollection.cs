namespace PatientDocs.Integration.Tests.Browser;

/// <summary>One server for every browser test; they run one after another (one Chromium at a time on a small machine).</summary>
[CollectionDefinition(Name)]
public sealed class StudioBrowserCollection : ICollectionFixture<StudioBrowserServer>
{
    public const string Name = "Studio browser";
}
