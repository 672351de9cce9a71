using System.Net;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>The activity-log endpoint while its CSV cannot be written: the caller is told, and the copy resumes later.</summary>
public sealed class ActivityLogApiTests : IDisposable
{
    private readonly ServerFactory _factory = new();
    private readonly string _csvPath;

    public ActivityLogApiTests()
    {
        // A folder where the file should be: every open of the CSV fails until it is removed.
        _csvPath = Path.Combine(_factory.DataFolder, "activity-log.csv");
        Directory.CreateDirectory(_csvPath);
    }

    [Fact]
    public async Task ActivityLog_WhileTheCsvCannotBeWritten_Returns503_AndAnswersOnceItCan()
    {
        using var client = _factory.CreateClient();

        using var blocked = await client.GetAsync("/api/activity-log?instanceId=any");
        var problem = await blocked.ReadObjectAsync();
        Directory.Delete(_csvPath);
        using var unblocked = await client.GetAsync("/api/activity-log?instanceId=any");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.Equal("The activity-log CSV cannot be written now.", problem.Str("title"));
        Assert.Equal(HttpStatusCode.NotFound, unblocked.StatusCode);
        Assert.True(File.Exists(_csvPath));
    }

    public void Dispose() => _factory.Dispose();
}
