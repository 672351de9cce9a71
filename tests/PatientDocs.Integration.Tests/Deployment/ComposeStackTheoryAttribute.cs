namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>The theory form of <see cref="ComposeStackFactAttribute"/>: skipped locally without PostgreSQL or nginx, never under CI.</summary>
public sealed class ComposeStackTheoryAttribute : TheoryAttribute
{
    public ComposeStackTheoryAttribute()
    {
        Skip = new ComposeStackFactAttribute().Skip;
    }
}
