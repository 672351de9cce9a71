using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Integration.Tests.Browser;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Docs;

/// <summary>
/// The README's table of supported activities is the server's registry, written out: the toolbox Studio shows. When an
/// activity is added or changed, this fails with the table to paste; with PATIENTDOCS_UPDATE_DOCS=1 it rewrites the README.
/// </summary>
public sealed class SupportedActivitiesTableTests : IDisposable
{
    private const string Start = "<!-- activities:start (generated from the registry by SupportedActivitiesTableTests) -->";
    private const string End = "<!-- activities:end -->";

    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Readme_ListsEveryActivityOfTheToolbox_AsTheRegistryDescribesIt()
    {
        var registry = _factory.Services.GetRequiredService<ActivityRegistry>();
        var table = Table(registry.ListDescriptors());
        var path = Path.Combine(BrowserEnvironment.RepositoryRoot, "README.md");
        var readme = File.ReadAllText(path);
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no {Start} … {End} section");

        var current = readme[(from + Start.Length)..to];
        if (current != table && Environment.GetEnvironmentVariable("PATIENTDOCS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, readme[..(from + Start.Length)] + table + readme[to..]);
            return;
        }

        Assert.True(current == table, $"README.md's activity table is out of date; run this test with PATIENTDOCS_UPDATE_DOCS=1, or paste:\n{table}");
    }

    private static string Table(IEnumerable<ActivityDescriptor> descriptors)
    {
        var text = new StringBuilder("\n\n| activity | category | kind | in Studio's toolbox | what it does |\n|---|---|---|---|---|\n");
        foreach (var d in descriptors.OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal))
        {
            var description = (d.Description ?? "").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{d.TypeName}` | {d.Category} | {d.Kind} | {(d.IsBrowsable ? "yes" : "no")} | {description} |\n");
        }

        return text.Append('\n').ToString();
    }
}
