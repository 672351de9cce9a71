using System.Text.Json.Nodes;

namespace PatientDocs.Integration.Tests.Progress;

/// <summary>A server-sent-events response read line by line, as a client would: events and comments, until the server closes it.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _timeout;

    private SseStream(HttpResponseMessage response, StreamReader reader, CancellationTokenSource timeout)
    {
        _response = response;
        _reader = reader;
        _timeout = timeout;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/>; the stream gives up after <paramref name="within"/> (30 s by default) so a test cannot hang.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null, TimeSpan? within = null)
    {
        var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        return new SseStream(response, reader, timeout);
    }

    /// <summary>The next event or comment; null once the server has closed the stream.</summary>
    public async Task<SseMessage?> ReadAsync()
    {
        string? id = null, type = null, data = null, comment = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(_timeout.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (id is not null || type is not null || data is not null || comment is not null)
                {
                    return new SseMessage(id, type, data, comment);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    // The contract's data is one line; a second one would be appended here and fail the JSON parse.
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }
    }

    /// <summary>Events (comments skipped) until <paramref name="stop"/> holds for one, which is included.</summary>
    public async Task<List<SseMessage>> ReadEventsUntilAsync(Func<SseMessage, bool> stop)
    {
        var events = new List<SseMessage>();
        while (await ReadAsync() is { } message)
        {
            if (message.Comment is not null)
            {
                continue;
            }

            events.Add(message);
            if (stop(message))
            {
                return events;
            }
        }

        throw new Xunit.Sdk.XunitException($"The stream closed before the awaited event; read: {string.Join(", ", events.Select(e => $"{e.Id}:{e.Event}"))}");
    }

    /// <summary>Every event until the server closes the stream.</summary>
    public async Task<List<SseMessage>> ReadToEndAsync()
    {
        var events = new List<SseMessage>();
        while (await ReadAsync() is { } message)
        {
            if (message.Comment is null)
            {
                events.Add(message);
            }
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _timeout.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One message of an event stream: an event (id, type, data) or a comment.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment)
{
    public JsonObject Json => JsonNode.Parse(Data!)!.AsObject();

    public long Number => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);

    public string? Field(string name) => Json[name]?.GetValue<string>();
}
