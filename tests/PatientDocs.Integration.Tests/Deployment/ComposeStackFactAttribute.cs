namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// A fact that runs docker-compose.yml's services as processes: it needs PostgreSQL (PATIENTDOCS_TEST_POSTGRES) and Debian's
/// nginx. Skipped locally when either is missing, never when CI=true (.ci/run installs both), where it fails instead.
/// </summary>
public sealed class ComposeStackFactAttribute : FactAttribute
{
    public ComposeStackFactAttribute()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)))
        {
            Skip = $"{PostgresFactAttribute.Variable} is not set (run scripts/postgres.sh); in CI this test fails instead.";
        }
        else if (ComposeStack.FindNginx() is null)
        {
            Skip = "nginx is not installed (apt-get install nginx-light, as .ci/run does); in CI this test fails instead.";
        }
    }
}
