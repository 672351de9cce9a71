using Jint.Runtime;

namespace PatientDocs.Engine.Expressions;

/// <summary>Jint's clock (<c>Date.now()</c>, <c>new Date()</c>) read from the engine's injected <see cref="TimeProvider"/>, in UTC.</summary>
internal sealed class ClockTimeSystem(TimeProvider time) : ITimeSystem
{
    private readonly DefaultTimeSystem parsing = new(TimeZoneInfo.Utc, System.Globalization.CultureInfo.InvariantCulture);

    public TimeZoneInfo DefaultTimeZone => TimeZoneInfo.Utc;

    public DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public TimeSpan GetUtcOffset(long epochMilliseconds) => TimeSpan.Zero;

    public bool TryParse(string date, out long epochMilliseconds) => parsing.TryParse(date, out epochMilliseconds);
}
