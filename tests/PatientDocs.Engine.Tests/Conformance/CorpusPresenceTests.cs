using PatientDocs.Engine.Tests.Support;

namespace PatientDocs.Engine.Tests.Conformance;

public sealed class CorpusPresenceTests
{
    [Fact]
    public void MissingCorpus_Locally_SkipsSayingWhereItWasLookedFor()
    {
        var reason = Corpus.SkipReasonFor(present: false, ci: false);

        Assert.NotNull(reason);
        Assert.Contains(Corpus.Expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void MissingCorpusUnderCi_OrAPresentCorpus_RunsTheTests(bool present, bool ci) =>
        Assert.Null(Corpus.SkipReasonFor(present, ci));
}
