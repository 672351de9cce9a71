using System.Globalization;
using System.Text.RegularExpressions;

namespace PatientDocs.StateLanguage.Language;

/// <summary>
/// A Wait's <c>timestamp</c>: an ISO-8601 date and time (<c>2026-01-31T09:00:00Z</c>, an offset, or none meaning UTC).
/// The validator and the compiler read it the same way through this class.
/// </summary>
public static partial class IsoTimestamp
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
            && Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Shape();
}
