using PatientDocs.Engine.Tests.Support;
using PatientDocs.Testing;

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

    [Fact]
    public void SharedFolder_IsFoundBesideTheRepository_ThenBesideTheLocalRepositoryItWasClonedFrom()
    {
        var top = Directory.CreateTempSubdirectory("corpus-");
        try
        {
            var origin = Directory.CreateDirectory(Path.Combine(top.FullName, "work", "main")).FullName;
            var originShared = Directory.CreateDirectory(Path.Combine(top.FullName, "work", "shared", "corpus")).FullName;
            var clone = Directory.CreateDirectory(Path.Combine(top.FullName, "elsewhere", "clone")).FullName;
            File.WriteAllText(Path.Combine(clone, "PatientDocs.sln"), "");
            Directory.CreateDirectory(Path.Combine(clone, ".git"));
            File.WriteAllText(Path.Combine(clone, ".git", "config"), $"[core]\n\tbare = false\n[remote \"origin\"]\n\turl = {origin}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");
            var nested = Directory.CreateDirectory(Path.Combine(clone, "tests", "bin")).FullName;

            Assert.Equal(originShared, SharedFolder.Locate("corpus", nested));

            var ownShared = Directory.CreateDirectory(Path.Combine(top.FullName, "elsewhere", "shared", "corpus")).FullName;
            Assert.Equal(ownShared, SharedFolder.Locate("corpus", nested));

            // A remote that is not a folder here, and a folder found nowhere: the place beside the repository is named.
            Directory.Delete(ownShared);
            File.WriteAllText(Path.Combine(clone, ".git", "config"), "[remote \"origin\"]\n\turl = https://example.org/patientdocs.git\n");
            Assert.Equal(ownShared, SharedFolder.Locate("corpus", nested));
        }
        finally
        {
            top.Delete(recursive: true);
        }
    }
}
