namespace PatientDocs.StateLanguage.Resources;

/// <summary>The error types the module itself raises, and the wildcards a retry or catch may name.</summary>
public static class ErrorTypes
{
    /// <summary>Any failure without a type of its own (and a mock's default <c>errorType</c>).</summary>
    public const string TaskFailed = "TaskFailed";

    /// <summary>A Task's attempt ran past its <c>timeout</c>.</summary>
    public const string Timeout = "TimeoutError";

    /// <summary>A Choice whose rules all failed and which has no <c>default</c>.</summary>
    public const string NoChoiceMatched = "States.NoChoiceMatched";

    public const string All = "States.ALL";
    public const string Any = "*";

    /// <summary>True when <paramref name="errorTypes"/> names <paramref name="errorType"/> or a wildcard.</summary>
    public static bool Matches(IEnumerable<string> errorTypes, string errorType) =>
        errorTypes.Any(t => t == All || t == Any || t == errorType);
}
