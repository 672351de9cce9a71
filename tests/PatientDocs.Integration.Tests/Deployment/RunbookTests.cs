using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// docs/deployment.md's checks (fenced <c>bash verify</c> blocks, each followed by a <c>text expected</c> block) run with bash
/// against the compose stack, through its proxy: every expected line must appear in the output, <c>…</c> matching anything.
/// </summary>
[Collection(ComposeStackCollection.Name)]
public sealed partial class RunbookTests(ComposeStack stack, ITestOutputHelper output)
{
    private static readonly string Runbook = File.ReadAllText(Path.Combine(ComposeFile.RepositoryRoot(), "docs", "deployment.md"));

    public static TheoryData<string> Checks()
    {
        var data = new TheoryData<string>();
        foreach (Match check in Check().Matches(Runbook))
        {
            data.Add(check.Groups["title"].Value.Trim());
        }

        return data;
    }

    [Fact]
    public void Runbook_MarksItsChecks_EachWithItsExpectedOutput()
    {
        var marked = Regex.Count(Runbook, "^```bash verify$", RegexOptions.Multiline);

        Assert.True(marked >= 7, $"docs/deployment.md marks {marked} checks; the verification section has at least 7");
        Assert.Equal(marked, Check().Count(Runbook));
    }

    [ComposeStackTheory]
    [MemberData(nameof(Checks))]
    public async Task RunbookCheck_AgainstTheComposeStack_PrintsWhatTheRunbookShows(string title)
    {
        var check = Check().Matches(Runbook).Single(m => m.Groups["title"].Value.Trim() == title);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATIENTDOCS_URL"] = stack.ProxyAddress.ToString().TrimEnd('/'),
            ["PATIENTDOCS_API_KEY"] = stack.ApiKey,
            ["PATIENTDOCS_SIMULATORS_URL"] = $"http://127.0.0.1:{stack.PortOf("simulators", 5100)}",
        };

        await using var bash = ChildProcess.Start("bash", ["-c", "set -e\n" + check.Groups["commands"].Value], Path.GetTempPath(), environment);
        var exit = await bash.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var printed = bash.StandardOutput;
        output.WriteLine(bash.Output);

        Assert.True(exit == 0, $"exit {exit}:\n{bash.Output}");
        foreach (var expected in check.Groups["expected"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pattern = "^" + string.Join(".*", expected.Split('…').Select(Regex.Escape)) + "$";
            Assert.True(Regex.IsMatch(printed, pattern, RegexOptions.Multiline), $"expected a line like `{expected}` in:\n{printed}");
        }
    }

    // The paragraph's bold title, the commands, and the expected output that follows them.
    [GeneratedRegex(@"\*\*(?<title>[^*]+)\*\*[^`]*```bash verify\n(?<commands>.*?)```\s*```text expected\n(?<expected>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Check();
}
