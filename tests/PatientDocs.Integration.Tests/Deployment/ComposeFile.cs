using System.Text.RegularExpressions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// Reads one service's <c>environment:</c> map from docker-compose.yml. The file is kept in the simple
/// <c>KEY: "value"</c> map form on purpose, so this small reader needs no YAML library.
/// </summary>
public static partial class ComposeFile
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PatientDocs.sln not found above the test's folder.");
    }

    /// <summary>The map with <c>${NAME:-default}</c> resolved as compose does with no <c>.env</c> and no such variable set.</summary>
    public static Dictionary<string, string> Environment(string composePath, string service) =>
        RawEnvironment(composePath, service).ToDictionary(p => p.Key, p => Interpolate(p.Value), StringComparer.Ordinal);

    /// <summary>The map as written, <c>${…}</c> references included.</summary>
    public static Dictionary<string, string> RawEnvironment(string composePath, string service)
    {
        var lines = File.ReadAllLines(composePath);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var inService = false;
        var inEnvironment = false;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (indent == 2)
            {
                inService = text == service + ":";
                inEnvironment = false;
            }
            else if (inService && indent == 4)
            {
                inEnvironment = text == "environment:";
            }
            else if (inService && inEnvironment && indent == 6)
            {
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                var key = text[..colon].Trim();
                var value = text[(colon + 1)..].Trim().Trim('"');
                result[key] = value;
            }
        }

        return result;
    }

    private static string Interpolate(string value) =>
        Reference().Replace(value, m => m.Groups["default"].Success ? m.Groups["default"].Value : "");

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:?-(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
