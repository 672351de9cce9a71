using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PatientDocs.StateLanguage.Endpoints;

/// <summary><c>limit</c> (default 20, capped at 100, at least 1) and <c>offset</c> (default 0) from the query string.</summary>
internal readonly record struct Paging(int Offset, int Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static bool TryRead(HttpRequest request, out Paging paging, out ValidationProblem? problem)
    {
        paging = default;
        problem = null;
        if (!TryNumber(request, "limit", DefaultLimit, out var limit, ref problem) || !TryNumber(request, "offset", 0, out var offset, ref problem))
        {
            return false;
        }

        limit = Math.Min(limit, MaxLimit);
        if (limit < 1)
        {
            problem = StateLanguageProblems.Invalid("limit", $"limit must be between 1 and {MaxLimit} (was {limit}).");
            return false;
        }

        paging = new Paging(offset, limit);
        return true;
    }

    private static bool TryNumber(HttpRequest request, string name, int fallback, out int value, ref ValidationProblem? problem)
    {
        value = fallback;
        if (!request.Query.TryGetValue(name, out var given))
        {
            return true;
        }

        if (given.Count == 1 && long.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = (int)Math.Min(number, int.MaxValue);
            return true;
        }

        problem = StateLanguageProblems.Invalid(name, $"{name} must be a non-negative whole number (was '{given}').");
        return false;
    }
}
