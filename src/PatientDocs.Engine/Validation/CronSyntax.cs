using System.Globalization;

namespace PatientDocs.Engine.Validation;

/// <summary>Checks a 5- or 6-field cron expression (optional seconds first), as Elsa's Cron trigger accepts.</summary>
internal static class CronSyntax
{
    private static readonly (int Min, int Max)[] SixFields = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    private static readonly string[] Names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static string? Check(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            return "The given cron expression has an invalid format: expected 5 or 6 fields.";
        }

        var ranges = fields.Length == 6 ? SixFields : SixFields[1..];
        string[] labels = fields.Length == 6 ? ["Seconds", "Minutes", "Hours", "Day of month", "Month", "Day of week"] : ["Minutes", "Hours", "Day of month", "Month", "Day of week"];
        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var part in fields[i].Split(','))
            {
                if (!PartIsValid(part, ranges[i]))
                {
                    return $"The given cron expression has an invalid format. {labels[i]}: Value must be a number between {ranges[i].Min} and {ranges[i].Max} (all inclusive).";
                }
            }
        }

        return null;
    }

    private static bool PartIsValid(string part, (int Min, int Max) range)
    {
        var slash = part.Split('/');
        if (slash.Length > 2 || (slash.Length == 2 && !int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }

        var body = slash[0];
        if (body is "*" or "?" or "L")
        {
            return true;
        }

        foreach (var bound in body.Split('-'))
        {
            var value = bound.TrimEnd('L', 'W').Split('#')[0];
            if (Names.Contains(value.ToUpperInvariant()))
            {
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < range.Min || n > range.Max)
            {
                return false;
            }
        }

        return true;
    }
}
