namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>A fact that needs PATIENTDOCS_TEST_POSTGRES: skipped when it is unset locally, run (and failing) when CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "PATIENTDOCS_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        var unset = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable));
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (unset && !ci)
        {
            Skip = $"{Variable} is not set (run scripts/postgres.sh); in CI this test fails instead.";
        }
    }
}
