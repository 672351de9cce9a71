namespace PatientDocs.Server.Triggers;

/// <summary>How HTTP triggers wait for a response the workflow writes after it suspended; section <c>PatientDocs:Http</c>.</summary>
public sealed class HttpTriggerOptions
{
    public const string SectionName = "PatientDocs:Http";

    /// <summary>The longest a trigger request is held open for an <c>Elsa.WriteHttpResponse</c> reached after a suspension; then 202.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a held request reads the store, for a response written by a burst on another node.</summary>
    public TimeSpan ResponsePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
