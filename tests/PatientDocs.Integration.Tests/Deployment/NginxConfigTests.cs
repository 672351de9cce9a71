using System.Text.RegularExpressions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>deploy/nginx/nginx.conf: what must hold whatever nginx runs it (checked on the file; the live proxy is <see cref="ComposeStackTests"/>).</summary>
public sealed class NginxConfigTests
{
    private static readonly string Config = File.ReadAllText(Path.Combine(ComposeFile.RepositoryRoot(), "deploy", "nginx", "nginx.conf"));

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/workflow-instances/0195f7a1c2/events")]
    public void NginxConfig_EventStreams_AreProxiedUnbufferedWithLongReads(string path)
    {
        var location = Regex.Match(Config, @"location ~ (?<pattern>\S+) \{(?<body>[^}]*)\}");

        Assert.True(location.Success, "no regex location for the event streams");
        Assert.Matches(location.Groups["pattern"].Value, path);
        Assert.Contains("proxy_buffering off;", location.Groups["body"].Value, StringComparison.Ordinal);
        Assert.Contains("proxy_read_timeout 1h;", location.Groups["body"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void NginxConfig_Studio_IsPinnedToOneNodePerClient()
    {
        var studio = Regex.Match(Config, @"location /studio \{\s*proxy_pass http://(?<upstream>\w+);");
        var upstream = Regex.Match(Config, @"upstream " + studio.Groups["upstream"].Value + @" \{\s*(?<balance>\w+);");

        Assert.Equal("ip_hash", upstream.Groups["balance"].Value);
    }

    [Fact]
    public void NginxConfig_Upstreams_NameEveryServerNodeOfTheComposeFile()
    {
        var services = ComposeFile.Load(ComposeFile.DefaultPath, ComposeFile.ExampleVariables(new Dictionary<string, string> { ["PATIENTDOCS_API_KEY"] = "k" }));
        var nodes = services.Values.Where(s => s.Dockerfile == "Dockerfile.server" && s.Command.Count == 0).Select(s => s.Name).ToList();

        Assert.Equal(["server-1", "server-2"], nodes.Order(StringComparer.Ordinal));
        foreach (var node in nodes)
        {
            Assert.Equal(2, Regex.Count(Config, $@"server {node}:8080 "));
        }
    }
}
