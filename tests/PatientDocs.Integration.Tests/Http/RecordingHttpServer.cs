using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PatientDocs.Testing;

namespace PatientDocs.Integration.Tests.Http;

/// <summary>
/// A Kestrel server on 127.0.0.1 that workflows call: records every request (arrival time, method, path, Idempotency-Key,
/// content type, body) and answers from a small set of routes.
/// </summary>
internal sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _flakyCalls;

    private RecordingHttpServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>How many first calls to <c>/flaky</c> answer 503 before it answers 200.</summary>
    public int FlakyFailures { get; set; } = 2;

    /// <summary>Calls to <c>/tbx/held</c> wait for this before they answer (a service the test keeps busy).</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first call to <c>/tbx/held</c> has arrived.</summary>
    public TaskCompletionSource HeldArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once per call to <c>/hang</c>, which never answers: the caller's timeout or the server's end stops it.</summary>
    public SemaphoreSlim HangArrivals { get; } = new(0);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    public static async Task<RecordingHttpServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingHttpServer(app, port);
        app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            server._requests.Enqueue(new RecordedRequest(
                DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path, context.Request.Headers["Idempotency-Key"].ToString(), context.Request.ContentType, body));
            context.Items["body"] = body;
            await next(context);
        });
        app.MapGet("/tbx/greeting", () => Results.Json(new { greeting = "hello", n = 42 }));
        app.MapGet("/tbx/missing", () => Results.NotFound());
        app.MapGet("/tbx/held", async () =>
        {
            server.HeldArrived.TrySetResult();
            await server.Release.Task;
            return Results.Json(new { held = "released" });
        });
        app.MapGet("/hang", async (HttpContext context) =>
        {
            server.HangArrivals.Release();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapPost("/tbx/echo", (HttpContext context) => Results.Json(new JsonObject { ["received"] = JsonNode.Parse((string)context.Items["body"]!) }));
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}", statusCode: code));
        app.MapGet("/limited", () => Results.Json(new { ok = true }));
        app.MapPost("/flaky", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref server._flakyCalls) <= server.FlakyFailures)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(new { created = "item-1" }, statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        HangArrivals.Dispose();
    }
}
