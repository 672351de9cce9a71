namespace PatientDocs.Engine.Tests.Support;

/// <summary>A fact that needs the Elsa conformance corpus: skipped, saying why, when it is absent locally; failing when CI=true.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
