namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>RFC 4180: fields with a comma, quote, CR or LF are quoted and their quotes doubled; records end with CRLF.</summary>
public static class CsvFormat
{
    public static string Record(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
