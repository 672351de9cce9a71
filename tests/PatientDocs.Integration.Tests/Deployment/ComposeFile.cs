using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// docker-compose.yml read as compose reads it: YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied, then <c>${NAME}</c>,
/// <c>${NAME:-default}</c> and <c>${NAME:?error}</c> resolved from the given variables (compose's <c>.env</c>).
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

    public static string DefaultPath => Path.Combine(RepositoryRoot(), "docker-compose.yml");

    /// <summary>The variables of <c>.env.example</c> with the given ones on top, as compose would see them in <c>.env</c>.</summary>
    public static Dictionary<string, string> ExampleVariables(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryRoot(), ".env.example")))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            variables[text[..equals]] = text[(equals + 1)..];
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return variables;
    }

    public static IReadOnlyDictionary<string, ComposeService> Load(string path, IReadOnlyDictionary<string, string> variables)
    {
        var root = Raw(path);
        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (name, body) in Map(root["services"]))
        {
            var service = Map(body);
            string Text(object? value) => Interpolate(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", variables);
            IReadOnlyList<string> List(string key) => service.TryGetValue(key, out var value) ? ((List<object>)value).Select(Text).ToList() : [];
            var build = service.TryGetValue("build", out var b) ? Map(b) : null;
            services[name] = new ComposeService(
                name,
                service.TryGetValue("image", out var image) ? Text(image) : null,
                build is null ? null : Text(build["dockerfile"]),
                List("command"),
                service.TryGetValue("environment", out var environment)
                    ? Map(environment).ToDictionary(p => p.Key, p => Text(p.Value), StringComparer.Ordinal)
                    : new Dictionary<string, string>(),
                service.TryGetValue("depends_on", out var dependsOn)
                    ? Map(dependsOn).ToDictionary(p => p.Key, p => Text(Map(p.Value)["condition"]), StringComparer.Ordinal)
                    : new Dictionary<string, string>(),
                service.TryGetValue("healthcheck", out var health) ? ((List<object>)Map(health)["test"]).Select(Text).ToList() : [],
                List("ports"),
                List("volumes"));
        }

        return services;
    }

    /// <summary>The file as parsed, merge keys applied and nothing interpolated.</summary>
    public static Dictionary<string, object> Raw(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var parsed = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return Map(parsed);
    }

    public static Dictionary<string, object> Map(object value) =>
        ((Dictionary<object, object>)value).ToDictionary(p => (string)p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Compose's rules: <c>:-</c> and <c>:?</c> treat an empty variable as unset; <c>$$</c> is a literal dollar.</summary>
    public static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Reference().Replace(value, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var set = variables.TryGetValue(m.Groups["name"].Value, out var current) && current.Length > 0;
            return m.Groups["op"].Value switch
            {
                ":-" => set ? current! : m.Groups["arg"].Value,
                ":?" => set ? current! : throw new InvalidOperationException($"compose: {m.Groups["name"].Value}: {m.Groups["arg"].Value}"),
                _ => current ?? "",
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:[-?])(?<arg>[^}]*))?\}")]
    private static partial Regex Reference();
}
