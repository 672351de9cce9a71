using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// deploy/helm/patientdocs without Helm (nothing here renders Helm templates): the rendered set kept beside the chart
/// validates against the Kubernetes schemas (scripts/validate-chart.sh), agrees with values.yaml, and comes from the templates.
/// </summary>
public sealed partial class HelmChartTests
{
    private static readonly string Root = ComposeFile.RepositoryRoot();
    private static readonly string Chart = Path.Combine(Root, "deploy", "helm", "patientdocs");
    private static readonly Dictionary<string, object> Values = Load(Path.Combine(Chart, "values.yaml")).Single();

    [Fact]
    public async Task RenderedSet_EveryObject_ValidatesAgainstTheKubernetesSchemas()
    {
        var objects = Directory.GetFiles(Path.Combine(Chart, "rendered"), "*.yaml").Sum(f => Load(f).Count);

        var (exit, output) = await ValidateAsync();

        Assert.True(exit == 0, output);
        Assert.Contains($"{objects} valid, 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaValidation_OfAnInvalidObject_FailsNamingTheField()
    {
        using var folder = new TempFolder("pd-chart");
        var file = Path.Combine(folder.Path, "invalid.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: { name: broken }
            spec: { minAvailable: 1, selector: { matchLabels: "app=patientdocs" } }
            """);

        var (exit, output) = await ValidateAsync(file);

        Assert.Equal(1, exit);
        Assert.Contains("matchLabels must be object", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedDeployment_AgreesWithValues()
    {
        var deployment = Rendered("deployment.yaml", "Deployment");
        var pod = (Dictionary<string, object>)Node(deployment, "spec", "template", "spec");
        var container = (Dictionary<string, object>)((List<object>)pod["containers"]).Single();
        var env = ((List<object>)container["env"]).Cast<Dictionary<string, object>>().ToDictionary(e => (string)e["name"], StringComparer.Ordinal);

        Assert.Equal(Text(Values, "replicaCount"), Text(deployment, "spec", "replicas"));
        Assert.Equal($"{Text(Values, "image", "repository")}:{Text(Values, "image", "tag")}", container["image"]);
        Assert.Equal(Text(Values, "image", "pullPolicy"), container["imagePullPolicy"]);
        Assert.Equal(Yaml(Node(Values, "resources")), Yaml(container["resources"]));
        foreach (var (probe, key) in new[] { ("liveness", "livenessProbe"), ("readiness", "readinessProbe"), ("startup", "startupProbe") })
        {
            Assert.Equal(Text(Values, "probes", probe, "path"), Text(container, key, "httpGet", "path"));
            Assert.Equal(Text(Values, "probes", probe, "periodSeconds"), Text(container, key, "periodSeconds"));
            Assert.Equal(Text(Values, "probes", probe, "failureThreshold"), Text(container, key, "failureThreshold"));
        }

        // Readiness asks the database (/health); liveness must not, or a database outage restarts every node.
        Assert.Equal("/health", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(Text(Values, "timeScale"), Text(env["PatientDocs__TimeScale"], "value"));
        Assert.Equal("false", Text(env["PatientDocs__Store__MigrateOnStart"], "value"));
        Assert.Equal("metadata.name", Text(env["PatientDocs__NodeId"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("api-key", Text(env["PatientDocs__ApiKey"], "valueFrom", "secretKeyRef", "key"));
        // Simulators are off by default and no service URL is set, so the nodes get none.
        Assert.Equal("false", Text(Values, "simulators", "enabled"));
        Assert.DoesNotContain("PatientDocs__Services__DocumentExchange__BaseUrl", env.Keys);
        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void RenderedConfigMap_IsValuesConfig_AndTheDeploymentRollsWhenItChanges()
    {
        var text = File.ReadAllText(Path.Combine(Chart, "rendered", "configmap.yaml"));
        var configMap = Rendered("configmap.yaml", "ConfigMap");
        var deployment = Rendered("deployment.yaml", "Deployment");

        Assert.Equal(Yaml(Node(Values, "config")), Yaml(configMap["data"]));
        // Helm hashes the template's output, which is the rendered file without its "---" and "# Source" lines.
        var body = string.Join('\n', text.Split('\n').Skip(2));
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(checksum, Text(deployment, "spec", "template", "metadata", "annotations", "checksum/config"));
    }

    [Fact]
    public void RenderedStorageMigrationAndDisruptionBudget_AgreeWithValues()
    {
        var claim = Rendered("pvc.yaml", "PersistentVolumeClaim");
        var job = Rendered("migration-job.yaml", "Job");
        var budget = Rendered("pdb.yaml", "PodDisruptionBudget");
        var service = Rendered("service.yaml", "Service");
        var database = Rendered("postgresql.yaml", "StatefulSet");

        Assert.Equal(["ReadWriteMany"], ((List<object>)Node(claim, "spec", "accessModes")).Cast<string>());
        Assert.Equal(Text(Values, "documents", "size"), Text(claim, "spec", "resources", "requests", "storage"));
        Assert.Equal(Text(Values, "migration", "backoffLimit"), Text(job, "spec", "backoffLimit"));
        Assert.Equal(Text(Values, "migration", "activeDeadlineSeconds"), Text(job, "spec", "activeDeadlineSeconds"));
        var migrate = (Dictionary<string, object>)((List<object>)Node(job, "spec", "template", "spec", "containers")).Single();
        Assert.Equal(["migrate"], ((List<object>)migrate["args"]).Cast<string>());
        // With the bundled PostgreSQL (the default) the database only exists after install.
        Assert.Equal("true", Text(Values, "postgresql", "enabled"));
        Assert.Equal("post-install,pre-upgrade", Text(job, "metadata", "annotations", "helm.sh/hook"));
        Assert.Equal(Text(Values, "podDisruptionBudget", "minAvailable"), Text(budget, "spec", "minAvailable"));
        Assert.Equal(Text(Values, "service", "port"), Text(service, "spec", "ports", "0", "port"));
        Assert.Equal(Text(Values, "service", "type"), Text(service, "spec", "type"));
        Assert.Equal(Text(Values, "postgresql", "image"), Text(database, "spec", "template", "spec", "containers", "0", "image"));
        Assert.Equal(Text(Values, "postgresql", "storage"), Text(database, "spec", "volumeClaimTemplates", "0", "spec", "resources", "requests", "storage"));
    }

    [Fact]
    public void RenderedSet_ComesFromTheTemplates_AndLeavesOutWhatValuesTurnOff()
    {
        var templates = Path.Combine(Chart, "templates");
        foreach (var file in Directory.GetFiles(Path.Combine(Chart, "rendered"), "*.yaml"))
        {
            var template = File.ReadAllText(Path.Combine(templates, Path.GetFileName(file)));
            foreach (var document in Load(file))
            {
                Assert.Contains($"kind: {document["kind"]}", template, StringComparison.Ordinal);
            }
        }

        // Off by default: no rendered ingress, no simulators.
        Assert.Equal("false", Text(Values, "ingress", "enabled"));
        Assert.False(File.Exists(Path.Combine(Chart, "rendered", "ingress.yaml")));
        Assert.False(File.Exists(Path.Combine(Chart, "rendered", "simulators.yaml")));
    }

    [Fact]
    public void Templates_EveryValueTheyRead_IsDefinedInValuesYaml()
    {
        var missing = Directory.GetFiles(Path.Combine(Chart, "templates"))
            .SelectMany(f => ValuesReference().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Path: m.Groups["path"].Value)))
            .Where(r => !Defined(Values, r.Path.Split('.')))
            .Select(r => $"{r.File}: .Values.{r.Path}")
            .Distinct()
            .ToList();

        Assert.Empty(missing);
    }

    private static bool Defined(object node, IEnumerable<string> path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<string, object> map || !map.TryGetValue(key, out var next))
            {
                return false;
            }

            node = next;
        }

        return true;
    }

    private static Dictionary<string, object> Rendered(string file, string kind) =>
        Load(Path.Combine(Chart, "rendered", file)).Single(d => (string)d["kind"] == kind);

    private static List<Dictionary<string, object>> Load(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(File.ReadAllText(path)));
        var documents = new List<Dictionary<string, object>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is Dictionary<object, object> document)
            {
                documents.Add(Normalize(document));
            }
        }

        return documents;
    }

    private static Dictionary<string, object> Normalize(Dictionary<object, object> map) =>
        map.ToDictionary(p => (string)p.Key, p => p.Value switch
        {
            Dictionary<object, object> child => Normalize(child),
            List<object> list => list.Select(i => i is Dictionary<object, object> d ? Normalize(d) : i).ToList(),
            var other => other,
        }, StringComparer.Ordinal);

    private static object Node(object root, params string[] path) =>
        path.Aggregate(root, (node, key) => node switch
        {
            Dictionary<string, object> map => map[key],
            List<object> list => list[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)],
            _ => throw new KeyNotFoundException(key),
        });

    private static string Text(object root, params string[] path) => Convert.ToString(Node(root, path), System.Globalization.CultureInfo.InvariantCulture)!;

    private static string Yaml(object node) => new SerializerBuilder().Build().Serialize(Sorted(node));

    private static object Sorted(object node) => node switch
    {
        Dictionary<string, object> map => new SortedDictionary<string, object>(map.ToDictionary(p => p.Key, p => Sorted(p.Value)), StringComparer.Ordinal),
        List<object> list => list.Select(Sorted).ToList(),
        var other => other,
    };

    private static async Task<(int Exit, string Output)> ValidateAsync(params string[] files)
    {
        await using var process = ChildProcess.Start("bash", [Path.Combine(Root, "scripts", "validate-chart.sh"), .. files], Root);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(3));
        return (exit, process.Output);
    }

    [GeneratedRegex(@"\.Values\.(?<path>[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesReference();
}
