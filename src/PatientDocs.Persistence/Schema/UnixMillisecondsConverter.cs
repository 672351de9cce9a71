using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PatientDocs.Persistence.Schema;

/// <summary>Every timestamp is stored as UTC unix milliseconds so it sorts and compares in SQL on SQLite as on PostgreSQL.</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value))
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
