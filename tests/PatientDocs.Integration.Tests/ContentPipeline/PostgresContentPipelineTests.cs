using Microsoft.AspNetCore.Builder;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.ContentPipeline;

[RequiresPostgres]
public sealed class PostgresContentPipelineTests(PostgresDatabase database) : ContentPipelineTests, IClassFixture<PostgresDatabase>
{
    protected override ContentPipelineServer CreateServer(WebApplication simulators) => new("PostgreSql", database.ConnectionString, simulators);
}
