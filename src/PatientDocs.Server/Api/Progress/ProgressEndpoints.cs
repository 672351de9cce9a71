using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime.Progress;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Server.Api.Progress;

/// <summary>
/// Live progress as server-sent events, read from the committed journal: one instance's stream (ids 1, 2, 3, …; closes
/// after the instance ends) and the all-instances stream (ids are journal positions). Both replay after
/// <c>Last-Event-ID</c> (or <c>?lastEventId=</c>; the header wins), then follow live through the node's <see cref="ProgressFeed"/>.
/// </summary>
public static class ProgressEndpoints
{
    private const string LastEventIdHeader = "Last-Event-ID";

    public static RouteGroupBuilder MapProgressEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/api/workflow-instances/{instanceId}/events", InstanceEventsAsync);
        group.MapGet("/api/events", AllEventsAsync);
        return group;
    }

    private static async Task<Results<EventStreamResult, ProblemHttpResult, ValidationProblem>> InstanceEventsAsync(
        string instanceId, string? lastEventId, HttpRequest request, IWorkflowStore store, ProgressFeed feed, TimeProvider time,
        IOptions<ProgressOptions> options, CancellationToken cancellationToken)
    {
        if (!TryReadCursor(request, lastEventId, out var after, out var invalid))
        {
            return invalid;
        }

        var instance = await store.FindInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound("Workflow instance", instanceId);
        }

        return new EventStreamResult(async (writer, aborted) =>
        {
            // Subscribed before the first read: a commit between the two still wakes the stream.
            using var subscription = await feed.SubscribeAsync(instanceId, null, aborted);
            await writer.OpenAsync(aborted);
            var reader = new InstanceProgressReader(store, instanceId, instance.DefinitionId, options.Value.BatchSize);
            ProgressEvent? latest = null;
            while (true)
            {
                foreach (var numbered in await reader.ReadNewAsync(aborted))
                {
                    latest = numbered.Event;
                    if (numbered.Id > (after ?? 0))
                    {
                        await writer.WriteEventAsync(numbered.Id, numbered.Event, aborted);
                    }
                }

                await writer.FlushAsync(aborted);
                if (latest?.IsTerminal == true)
                {
                    return;
                }

                // Idle: a keep-alive, and the store is read again anyway (a wake-up the feed could not give is not waited for).
                if (await WaitAsync(subscription.Events, options.Value.KeepAliveInterval, time, aborted) is null)
                {
                    await writer.WriteCommentAsync("keep-alive", aborted);
                }

                while (subscription.Events.TryRead(out _))
                {
                }
            }
        });
    }

    private static Results<EventStreamResult, ProblemHttpResult, ValidationProblem> AllEventsAsync(
        string? definitionId, string? lastEventId, HttpRequest request, IWorkflowStore store, ProgressFeed feed, TimeProvider time,
        IOptions<ProgressOptions> options)
    {
        if (!TryReadCursor(request, lastEventId, out var cursor, out var invalid))
        {
            return invalid;
        }

        var filter = string.IsNullOrEmpty(definitionId) ? null : definitionId;
        return new EventStreamResult(async (writer, aborted) =>
        {
            using var subscription = await feed.SubscribeAsync(null, filter, aborted);
            await writer.OpenAsync(aborted);
            var after = cursor ?? subscription.StartPosition;
            if (cursor is { } from)
            {
                after = await ReplayAsync(writer, store, from, subscription.StartPosition, filter, options.Value.BatchSize, aborted);
            }

            while (true)
            {
                while (subscription.Events.TryRead(out var progress))
                {
                    if (progress.Position > after)
                    {
                        await writer.WriteEventAsync(progress.Position, progress, aborted);
                        after = progress.Position;
                    }
                }

                await writer.FlushAsync(aborted);
                if (subscription.Overflowed)
                {
                    return;
                }

                var woke = await WaitAsync(subscription.Events, options.Value.KeepAliveInterval, time, aborted);
                if (woke is null)
                {
                    await writer.WriteCommentAsync("keep-alive", aborted);
                }
                else if (woke == false)
                {
                    return;
                }
            }
        });
    }

    /// <summary>The events after <paramref name="from"/> up to where the live feed began; returns the last position written.</summary>
    private static async Task<long> ReplayAsync(SseWriter writer, IWorkflowStore store, long from, long until, string? definitionId, int batchSize, CancellationToken cancellationToken)
    {
        var after = from;
        while (after < until)
        {
            var rows = await store.ReadJournalFeedAsync(after, definitionId, batchSize, cancellationToken);
            foreach (var row in rows)
            {
                if (row.Record.Position > until)
                {
                    return Math.Max(after, until);
                }

                after = row.Record.Position;
                if (ProgressMapper.Map(row.Record, row.DefinitionId) is { } progress)
                {
                    await writer.WriteEventAsync(progress.Position, progress, cancellationToken);
                }
            }

            if (rows.Count < batchSize)
            {
                break;
            }
        }

        return Math.Max(after, until);
    }

    /// <summary>True when events are ready, false when the channel was completed, null when <paramref name="idle"/> passed first.</summary>
    private static async Task<bool?> WaitAsync(ChannelReader<ProgressEvent> events, TimeSpan idle, TimeProvider time, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = events.WaitToReadAsync(cts.Token).AsTask();
        var timer = Task.Delay(idle, time, cts.Token);
        var first = await Task.WhenAny(ready, timer);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == ready ? await ready : null;
    }

    /// <summary>The cursor of <c>Last-Event-ID</c> or, without the header, <c>?lastEventId=</c>: a whole number of 0 or more.</summary>
    private static bool TryReadCursor(HttpRequest request, string? query, out long? cursor, out ValidationProblem invalid)
    {
        cursor = null;
        invalid = null!;
        var header = request.Headers[LastEventIdHeader].ToString();
        var (field, text) = header.Length > 0 ? (LastEventIdHeader, header) : ("lastEventId", query);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            invalid = ApiProblems.Invalid(field, $"'{text}' is not an event id: a whole number of 0 or more.");
            return false;
        }

        cursor = value;
        return true;
    }
}
