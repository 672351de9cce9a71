namespace PatientDocs.Integration.Tests.Browser;

/// <summary>A browser test: skipped with the reason when Chromium or node modules are missing, unless CI=true (then it fails).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserEnvironment.IsCi && BrowserEnvironment.MissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
