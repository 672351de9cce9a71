using System.Globalization;
using System.Text;
using System.Text.Json;
using PatientDocs.Engine.Runtime.Progress;

namespace PatientDocs.Server.Api.Progress;

/// <summary>Writes the text/event-stream format: an event is <c>id</c>, <c>event</c> and one <c>data</c> line; a comment starts with a colon.</summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Sends the headers, so a client knows the stream is open (and, for a live stream, subscribed) before any event.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public Task WriteEventAsync(long id, ProgressEvent progress, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(ProgressEventData.From(progress), Json);
        var text = new StringBuilder()
            .Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(progress.Type).Append('\n')
            .Append("data: ").Append(data).Append("\n\n")
            .ToString();
        return response.WriteAsync(text, cancellationToken);
    }

    public Task WriteCommentAsync(string comment, CancellationToken cancellationToken) =>
        response.WriteAsync($": {comment}\n\n", cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);
}
