using System.Net;

namespace PatientDocs.Server.Studio;

/// <summary>The sign-in form: self-contained (no scripts, no Studio files), so it works before anything else is allowed.</summary>
public static class StudioSignInPage
{
    public static string Render(PathString pathBase, string returnUrl, string? error) => Template
        .Replace("{{ACTION}}", WebUtility.HtmlEncode(pathBase.Add(StudioSignInEndpoints.SignInPath).Value), StringComparison.Ordinal)
        .Replace("{{RETURN_URL}}", WebUtility.HtmlEncode(returnUrl), StringComparison.Ordinal)
        .Replace("{{ERROR}}", error is null ? "" : $"<p id=\"pd-error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>", StringComparison.Ordinal);

    private const string Template = """
<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1.0"/>
    <meta name="robots" content="noindex"/>
    <title>Sign in · PatientDocs Studio</title>
    <style>
        html, body { margin: 0; height: 100%; font-family: Roboto, Helvetica, Arial, sans-serif; background: #f1f5f9; }
        header { height: 48px; display: flex; align-items: center; padding: 0 16px; background: #1e293b; color: #fff; font-weight: 600; }
        form { max-width: 360px; margin: 80px auto; padding: 24px; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
        h1 { font-size: 20px; margin: 0 0 16px; }
        label { display: block; margin-bottom: 6px; color: #334155; }
        input[type=password] { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; border: 1px solid #94a3b8; border-radius: 4px; }
        button { margin-top: 16px; padding: 8px 16px; font: inherit; color: #fff; background: #1e293b; border: 0; border-radius: 4px; cursor: pointer; }
        #pd-error { color: #b91c1c; margin: 0 0 12px; }
        .hint { color: #64748b; font-size: 13px; margin-top: 16px; }
    </style>
</head>
<body>
<header>PatientDocs</header>
<form method="post" action="{{ACTION}}">
    <h1>Sign in to Studio</h1>
    {{ERROR}}
    <label for="pd-key">API key</label>
    <input id="pd-key" name="key" type="password" autocomplete="current-password" required autofocus/>
    <input type="hidden" name="returnUrl" value="{{RETURN_URL}}"/>
    <button type="submit">Sign in</button>
    <p class="hint">The key is the server's <code>PatientDocs:ApiKey</code>. Signing in keeps a session in an HttpOnly cookie until you sign out.</p>
</form>
</body>
</html>
""";
}
