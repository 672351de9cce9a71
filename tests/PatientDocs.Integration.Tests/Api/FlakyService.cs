using System.Net;

namespace PatientDocs.Integration.Tests.Api;

/// <summary>A service that answers 503 until it is made healthy, then creates an item; records every Idempotency-Key sent.</summary>
public sealed class FlakyService : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<string?> _keys = [];
    private bool _healthy;

    public bool Healthy
    {
        get => Volatile.Read(ref _healthy);
        set => Volatile.Write(ref _healthy, value);
    }

    public IReadOnlyList<string?> IdempotencyKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _keys];
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _keys.Add(request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null);
        }

        var response = Healthy
            ? new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("""{"itemId":"item-1"}""", System.Text.Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        return Task.FromResult(response);
    }
}
