namespace PatientDocs.Engine.Tests.Support;

/// <summary>A fact that skips, saying why, when the Elsa conformance corpus is not next to the repository.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Folder is null)
        {
            Skip = "The Elsa conformance corpus (../shared/elsa-conformance) is absent.";
        }
    }
}
