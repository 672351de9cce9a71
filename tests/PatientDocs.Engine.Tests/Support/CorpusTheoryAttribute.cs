namespace PatientDocs.Engine.Tests.Support;

/// <summary>A theory that needs the Elsa conformance corpus: skipped, saying why, when it is absent locally; failing when CI=true.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
