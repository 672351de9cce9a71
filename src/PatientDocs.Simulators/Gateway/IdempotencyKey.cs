using Microsoft.AspNetCore.Http;

namespace PatientDocs.Simulators.Gateway;

/// <summary>Reads the optional <c>Idempotency-Key</c> header.</summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxLength = 400;

    public static (string? Key, IResult? Error) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values))
        {
            return (null, null);
        }

        var key = values.ToString();
        return key.Length > MaxLength
            ? (null, JsonBody.Invalid(HeaderName, $"{HeaderName} is at most {MaxLength} characters."))
            : (key, null);
    }
}
