using System.Text.RegularExpressions;
using PatientDocs.Integration.Tests.Deployment;

namespace PatientDocs.Integration.Tests.Architecture;

/// <summary>
/// The server is the generic host: a domain lives in its module, and only <c>Program</c> (the one place that composes the
/// host with its modules) may name one. The product's own name, PatientDocs, is not a domain word.
/// </summary>
public sealed partial class HostBoundaryTests
{
    private static readonly string[] DomainWords = ["patient", "documentexchange", "document-exchange", "tasktracker", "task-tracker", "conversion", "archive", "pdf"];

    [Fact]
    public void NoTypeOfTheHost_IsNamedForADomain()
    {
        var named = typeof(PatientDocs.Server.Program).Assembly.GetTypes()
            .Select(t => t.FullName ?? t.Name)
            .Where(name => FindDomainWord(name) is not null)
            .ToList();

        Assert.Empty(named);
    }

    [Fact]
    public void NoSourceFileOfTheHost_SaveProgram_MentionsADomain()
    {
        var folder = Path.Combine(ComposeFile.RepositoryRoot(), "src", "PatientDocs.Server");
        var mentions = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(folder, path) && Path.GetFileName(path) != "Program.cs")
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => FindDomainWord(l.line) is not null)
            .Select(l => $"{Path.GetRelativePath(folder, l.path)}:{l.number}: {FindDomainWord(l.line)}")
            .ToList();

        Assert.True(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Count() > 20, "the host's sources were not found");
        Assert.Empty(mentions);
    }

    [Theory]
    [InlineData("PatientDocs.Server.Hosting.ServerOptions", null)]
    [InlineData("var x = new PatientDocsDbContext();", null)]
    [InlineData("services.AddSingleton<IPatientStore>()", "patient")]
    [InlineData("// calls the DocumentExchange", "documentexchange")]
    [InlineData("\"/sim/task-tracker/\"", "task-tracker")]
    public void FindDomainWord_IgnoresTheProductName_ButNotADomain(string text, string? word)
    {
        Assert.Equal(word, FindDomainWord(text));
    }

    private static string? FindDomainWord(string text)
    {
        var withoutProduct = ProductName().Replace(text, "");
        return DomainWords.FirstOrDefault(w => withoutProduct.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsBuildOutput(string folder, string path) =>
        Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar) is var parts && (parts[0] is "bin" or "obj" || parts.Contains("node_modules"));

    [GeneratedRegex("patient[-_]?docs", RegexOptions.IgnoreCase)]
    private static partial Regex ProductName();
}
