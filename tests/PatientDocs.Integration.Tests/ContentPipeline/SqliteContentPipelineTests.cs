using Microsoft.AspNetCore.Builder;

namespace PatientDocs.Integration.Tests.ContentPipeline;

public sealed class SqliteContentPipelineTests : ContentPipelineTests
{
    protected override ContentPipelineServer CreateServer(WebApplication simulators) => new("Sqlite", null, simulators);
}
