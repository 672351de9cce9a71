using System.Net;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Clients.TaskTracker;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class ClientOutcomeTests
{
    [Fact]
    public async Task StartSearch_On202_ReturnsTheJobIdAndSendsTheIdempotencyKey()
    {
        var handler = FakeHttpHandler.Answer(HttpStatusCode.Accepted, "{\"jobId\":\"job-7\"}");
        using var host = new ModuleHost(documentExchange: handler);

        var response = await host.Get<DocumentExchangeClient>().StartSearchAsync(host.Context(key: "i1:a1"), "P000001", "Ada", "Adams", default);

        Assert.Equal("job-7", response.Value);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://docex.test/sim/document-exchange/searches", request.RequestUri!.ToString());
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(["i1:a1"], request.Headers.GetValues("Idempotency-Key"));
        Assert.Equal("{\"firstName\":\"Ada\",\"lastName\":\"Adams\",\"patientId\":\"P000001\"}", handler.Bodies[0]);
    }

    [Fact]
    public async Task Request_On429WithRetryAfterMs_IsTransientWithThatDelay()
    {
        var handler = new FakeHttpHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.Add("Retry-After-Ms", "1500");
            response.Headers.Add("Retry-After", "2");
            return response;
        });
        using var host = new ModuleHost(documentExchange: handler);

        var response = await host.Get<DocumentExchangeClient>().GetJobAsync(host.Context(), "job-1", default);

        var transient = Assert.IsType<TransientOutcome>(response.Failure);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), transient.RetryAfter);
    }

    [Fact]
    public async Task Request_On429WithRetryAfterSeconds_IsTransientWithThoseSeconds()
    {
        var handler = new FakeHttpHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.Add("Retry-After", "7");
            return response;
        });
        using var host = new ModuleHost(taskTracker: handler);

        var response = await host.Get<TaskTrackerClient>().SetStatusAsync(host.Context(), "item-1", "DOCUMENTS FOUND", default);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<TransientOutcome>(response.Failure).RetryAfter);
    }

    [Fact]
    public async Task Request_On503_IsTransientWithoutDelay()
    {
        using var host = new ModuleHost(taskTracker: FakeHttpHandler.Answer(HttpStatusCode.ServiceUnavailable));

        var response = await host.Get<TaskTrackerClient>().CreateItemAsync(host.Context(), "P1", "A", "B", default);

        var transient = Assert.IsType<TransientOutcome>(response.Failure);
        Assert.Null(transient.RetryAfter);
        Assert.Contains("503", transient.Message);
    }

    [Fact]
    public async Task Request_On400_IsPermanent()
    {
        using var host = new ModuleHost(taskTracker: FakeHttpHandler.Answer(HttpStatusCode.BadRequest));

        var response = await host.Get<TaskTrackerClient>().AppendReportAsync(host.Context(), "item-1", "text", default);

        Assert.Contains("400", Assert.IsType<PermanentOutcome>(response.Failure).Message);
    }

    [Fact]
    public async Task Request_WhenTheConnectionIsRefused_IsTransient()
    {
        var handler = new FakeHttpHandler(_ => throw new HttpRequestException("Connection refused"));
        using var host = new ModuleHost(documentExchange: handler);

        var response = await host.Get<DocumentExchangeClient>().GetJobAsync(host.Context(), "job-1", default);

        Assert.Contains("Connection refused", Assert.IsType<TransientOutcome>(response.Failure).Message);
    }

    [Fact]
    public async Task Request_WhenThePermitsHoldHasEnded_IsRequeuedAndNothingIsSent()
    {
        var time = new FakeTimeProvider();
        var handler = FakeHttpHandler.Answer(HttpStatusCode.Accepted, "{\"jobId\":\"job-7\"}");
        using var host = new ModuleHost(documentExchange: handler, time: time);
        var context = host.Context(permitGrantedAt: time.GetUtcNow(), hold: TimeSpan.FromMilliseconds(250));
        time.Advance(TimeSpan.FromMilliseconds(250));

        var response = await host.Get<DocumentExchangeClient>().StartSearchAsync(context, "P1", "A", "B", default);

        Assert.IsType<RequeueOutcome>(response.Failure);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Request_WhenTheServiceHangs_TimesOutAsTransient()
    {
        var time = new FakeTimeProvider();
        var handler = new HangingHandler();
        using var host = new ModuleHost(documentExchange: handler, time: time, settings: new()
        {
            ["PatientDocs:Services:DocumentExchange:RequestTimeout"] = "00:00:30",
            ["PatientDocs:Services:DocumentExchange:MinimumRequestTimeout"] = "00:00:01",
        });

        var call = host.Get<DocumentExchangeClient>().GetJobAsync(host.Context(timeScale: 10), "job-1", default);
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(3));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("timed out after 00:00:03", Assert.IsType<TransientOutcome>(response.Failure).Message);
    }

    [Fact]
    public async Task Request_WhenAnswered_ReleasesItsPermitAtTheAnswer()
    {
        var time = new FakeTimeProvider();
        var granted = time.GetUtcNow();
        var handler = new FakeHttpHandler(_ =>
        {
            // The service takes 40 ms to answer: the permit counts from the answer, not from the grant.
            time.Advance(TimeSpan.FromMilliseconds(40));
            return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("{\"jobId\":\"job-7\"}") };
        });
        using var host = new ModuleHost(documentExchange: handler, time: time);
        var context = host.Context(permitGrantedAt: granted, hold: TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromMilliseconds(10));

        var response = await host.Get<DocumentExchangeClient>().StartSearchAsync(context, "P1", "A", "B", default);

        Assert.Equal("job-7", response.Value);
        Assert.Equal(granted.AddMilliseconds(50), context.PermitReleasedAt);
    }

    [Fact]
    public async Task Request_WhenTheServiceHangsPastThePermitsHold_IsAbandonedThenAndReleased()
    {
        var time = new FakeTimeProvider();
        var granted = time.GetUtcNow();
        var handler = new HangingHandler();
        using var host = new ModuleHost(documentExchange: handler, time: time, settings: new()
        {
            ["PatientDocs:Services:DocumentExchange:RequestTimeout"] = "00:00:30",
        });
        var context = host.Context(permitGrantedAt: granted, hold: TimeSpan.FromSeconds(5));

        var call = host.Get<DocumentExchangeClient>().StartSearchAsync(context, "P1", "A", "B", default);
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(5));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("not answered within its rate-limit permit's hold", Assert.IsType<TransientOutcome>(response.Failure).Message);
        Assert.Equal(granted.AddSeconds(5), context.PermitReleasedAt);
    }

    [Fact]
    public void ResolveArchiveUrl_AcceptsAbsoluteRootedAndRelativeUrls()
    {
        using var host = new ModuleHost();
        var client = host.Get<DocumentExchangeClient>();

        Assert.Equal("http://docex.test/sim/document-exchange/archives/j1", client.ResolveArchiveUrl("/sim/document-exchange/archives/j1").ToString());
        Assert.Equal("http://docex.test/sim/document-exchange/archives/j1", client.ResolveArchiveUrl("archives/j1").ToString());
        Assert.Equal("http://other:81/a.zip", client.ResolveArchiveUrl("http://other:81/a.zip").ToString());
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
