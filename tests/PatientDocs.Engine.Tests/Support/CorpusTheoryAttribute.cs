namespace PatientDocs.Engine.Tests.Support;

/// <summary>A theory that skips, saying why, when the Elsa conformance corpus is not next to the repository.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.Folder is null)
        {
            Skip = "The Elsa conformance corpus (../shared/elsa-conformance) is absent.";
        }
    }
}
