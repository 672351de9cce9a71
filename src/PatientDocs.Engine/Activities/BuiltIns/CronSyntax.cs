using Cronos;

namespace PatientDocs.Engine.Activities.BuiltIns;

/// <summary>Checks a 5- or 6-field cron expression (optional seconds first) with Cronos, the parser Elsa's Cron trigger uses.</summary>
internal static class CronSyntax
{
    /// <summary>The parsed expression, or a <see cref="CronFormatException"/> saying what is wrong.</summary>
    public static CronExpression Parse(string expression)
    {
        var text = expression.Trim();
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        // Five fields are the classic form; anything else is read as the six-field form, so a malformed expression is
        // reported the way Elsa reports it (from its first field, the seconds).
        return CronExpression.Parse(text, fields == 5 ? CronFormat.Standard : CronFormat.IncludeSeconds);
    }

    public static string? Check(string expression)
    {
        try
        {
            Parse(expression);
            return null;
        }
        catch (CronFormatException e)
        {
            return e.Message;
        }
    }
}
