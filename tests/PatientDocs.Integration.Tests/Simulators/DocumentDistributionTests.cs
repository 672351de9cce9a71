using PatientDocs.Simulators.DocumentExchange;

namespace PatientDocs.Integration.Tests.Simulators;

public sealed class DocumentDistributionTests
{
    private static readonly Dictionary<string, int> NoOverrides = [];

    [Fact]
    public void CountFor_SamePatientId_IsAlwaysTheSame()
    {
        var first = new DocumentDistribution(new DistributionOptions(), NoOverrides);
        var second = new DocumentDistribution(new DistributionOptions(), NoOverrides);

        for (var i = 1; i <= 200; i++)
        {
            var id = $"P{i:D6}";
            Assert.Equal(first.CountFor(id), second.CountFor(id));
        }
    }

    [Fact]
    public void CountFor_KnownIds_AreStableAcrossRuns()
    {
        var distribution = new DocumentDistribution(new DistributionOptions(), NoOverrides);

        // Pinned values: a change here changes every scenario built on the default distribution.
        Assert.Equal(Pinned, Enumerable.Range(1, 8).Select(i => distribution.CountFor($"P{i:D6}")).ToArray());
    }

    [Fact]
    public void CountFor_DefaultDistribution_HasAboutThirtyPercentNoneAndMostlySmall()
    {
        var distribution = new DocumentDistribution(new DistributionOptions(), NoOverrides);
        var counts = Enumerable.Range(1, 20_000).Select(i => distribution.CountFor($"P{i:D6}")).ToList();

        var none = counts.Count(c => c == 0) / (double)counts.Count;
        var withDocuments = counts.Where(c => c > 0).ToList();
        var small = withDocuments.Count(c => c <= 20) / (double)withDocuments.Count;
        Assert.InRange(none, 0.28, 0.32);
        Assert.InRange(small, 0.97, 0.99);
        Assert.All(counts, c => Assert.InRange(c, 0, 3000));
        Assert.Contains(counts, c => c > 1000);
    }

    [Fact]
    public void CountFor_Override_WinsOverTheDistribution()
    {
        var distribution = new DocumentDistribution(new DistributionOptions(), new Dictionary<string, int> { ["P000123"] = 3000, ["P000124"] = 0 });

        Assert.Equal(3000, distribution.CountFor("P000123"));
        Assert.Equal(0, distribution.CountFor("P000124"));
    }

    [Fact]
    public void CountFor_NoneFractionOne_GivesNobodyDocuments()
    {
        var distribution = new DocumentDistribution(new DistributionOptions { NoneFraction = 1 }, NoOverrides);

        Assert.All(Enumerable.Range(1, 500), i => Assert.Equal(0, distribution.CountFor($"P{i:D6}")));
    }

    [Fact]
    public void KeyFor_WithoutPatientId_UsesTheNames()
    {
        Assert.Equal("P1", DocumentDistribution.KeyFor(" P1 ", "Ann", "Lee"));
        Assert.Equal("name:ANN LEE", DocumentDistribution.KeyFor(null, " ann", "Lee "));
    }

    private static readonly int[] Pinned = [20, 0, 0, 13, 10, 0, 5, 4];
}
