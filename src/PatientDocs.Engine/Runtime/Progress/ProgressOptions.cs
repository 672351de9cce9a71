namespace PatientDocs.Engine.Runtime.Progress;

/// <summary>Bound from <c>PatientDocs:Progress</c>: how the node follows the journal for the progress streams.</summary>
public sealed class ProgressOptions
{
    public const string SectionName = "PatientDocs:Progress";

    /// <summary>How often the node reads the journal while a stream is open (commits of other nodes); a local commit wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a stream stays silent: a <c>: keep-alive</c> comment is written after this much idle time.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Journal records read per store call.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Events a slow client's live stream may fall behind before it is closed (it reconnects with its last id).</summary>
    public int SubscriberBuffer { get; set; } = 10_000;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:PollInterval must be positive (was {PollInterval}).");
        }

        if (KeepAliveInterval <= TimeSpan.Zero || KeepAliveInterval > TimeSpan.FromSeconds(15))
        {
            errors.Add($"{SectionName}:KeepAliveInterval must be positive and at most 15 seconds (was {KeepAliveInterval}).");
        }

        if (BatchSize < 1)
        {
            errors.Add($"{SectionName}:BatchSize must be at least 1 (was {BatchSize}).");
        }

        if (SubscriberBuffer < 1)
        {
            errors.Add($"{SectionName}:SubscriberBuffer must be at least 1 (was {SubscriberBuffer}).");
        }

        return errors;
    }
}
