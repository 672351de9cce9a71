using System.Text.RegularExpressions;

namespace PatientDocs.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders stack: no two of them import each other, directly or through others, so each can be read (and
/// changed) knowing only the folders below it. Read from the sources: a <c>using</c> or a qualified name in code counts.
/// </summary>
public sealed partial class EngineLayeringTests
{
    [Fact]
    public void NoEngineFolder_ImportsOneThatImportsItBack()
    {
        var imports = ReadImports();

        var cycles = imports.Keys.Select(folder => FindCycle(folder, imports)).OfType<string>().Distinct().ToList();

        Assert.True(imports.Count >= 8, "the engine's folders were not found");
        Assert.Empty(cycles);
    }

    [Fact]
    public void FindCycle_NamesTheFoldersOfACycle()
    {
        var imports = new Dictionary<string, HashSet<string>>
        {
            ["Tasks"] = ["Runtime"],
            ["Runtime"] = ["Storage"],
            ["Storage"] = ["Tasks"],
            ["Queues"] = [],
        };

        Assert.Equal("Tasks -> Runtime -> Storage -> Tasks", FindCycle("Tasks", imports));
        Assert.Null(FindCycle("Queues", imports));
    }

    private static string? FindCycle(string start, IReadOnlyDictionary<string, HashSet<string>> imports)
    {
        var path = new List<string> { start };
        return Walk(start);

        string? Walk(string folder)
        {
            foreach (var next in imports.GetValueOrDefault(folder) ?? [])
            {
                if (next == start)
                {
                    return string.Join(" -> ", path.Append(start));
                }

                if (!path.Contains(next))
                {
                    path.Add(next);
                    if (Walk(next) is { } found)
                    {
                        return found;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return null;
        }
    }

    private static Dictionary<string, HashSet<string>> ReadImports()
    {
        var engine = Path.Combine(RepositoryRoot(), "src", "PatientDocs.Engine");
        var imports = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(engine).Select(Path.GetFileName).OfType<string>().Where(f => f is not ("bin" or "obj")))
        {
            var used = imports[folder] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(engine, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = NamespaceDeclaration().Replace(Comment().Replace(File.ReadAllText(file), ""), "");
                foreach (Match match in Reference().Matches(code))
                {
                    used.Add(match.Groups[1].Value);
                }
            }

            used.Remove(folder);
        }

        return imports;
    }

    private static string RepositoryRoot()
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

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^namespace .*$", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // "using PatientDocs.Engine.X;" or a qualified "PatientDocs.Engine.X.Type" in code.
    [GeneratedRegex(@"PatientDocs\.Engine\.(\w+)")]
    private static partial Regex Reference();
}
