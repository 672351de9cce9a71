namespace PatientDocs.Persistence.Schema;

/// <summary>The first HTTP response an instance wrote; headers as a JSON object of string arrays.</summary>
public sealed class HttpResponseRow
{
    public string InstanceId { get; set; } = "";

    public int StatusCode { get; set; }

    public string? Content { get; set; }

    public string? ContentType { get; set; }

    public string Headers { get; set; } = "{}";

    public DateTimeOffset WrittenAt { get; set; }
}
