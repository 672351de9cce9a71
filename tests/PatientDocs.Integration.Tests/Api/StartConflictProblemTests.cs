using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PatientDocs.Engine.Runtime;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>A start that raced a change of its definition answers 409 with what happened, not a bare 500.</summary>
public sealed class StartConflictProblemTests
{
    [Fact]
    public async Task StartConflict_Answers409_WithTheReasonAsDetail()
    {
        var (status, body) = await HandleAsync(new StartConflictException("Definition d has no Published version any more; 500 of 501 instances were started before it went."));

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("Definition d has no Published version any more; 500 of 501 instances were started before it went.", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnyOtherException_StillAnswers500_WithoutItsMessage()
    {
        var (status, body) = await HandleAsync(new InvalidOperationException("internal detail"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.DoesNotContain("internal detail", body.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonObject Body)> HandleAsync(Exception exception)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonNode.Parse(context.Response.Body)!.AsObject());
    }
}
