namespace PatientDocs.Engine.Telemetry;

/// <summary>Bound from <c>PatientDocs:Telemetry</c> (the server binds its exporter settings from the same section).</summary>
public sealed class EngineTelemetryOptions
{
    public const string SectionName = "PatientDocs:Telemetry";

    /// <summary>
    /// How long the instances-by-status gauge reuses one reading of the store: a scrape never counts the instance table more
    /// often than this, however many collectors scrape.
    /// </summary>
    public TimeSpan StoreReadInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate() =>
        StoreReadInterval > TimeSpan.Zero ? [] : [$"{SectionName}:StoreReadInterval must be positive (was {StoreReadInterval})."];
}
