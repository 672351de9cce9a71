namespace PatientDocs.Integration.Tests.Support;

public sealed class ChildProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WaitForLine_MatchesALinePrintedBeforeTheCall_AndOneAfter()
    {
        var gate = Path.Combine(Path.GetTempPath(), $"pd-gate-{Guid.NewGuid():N}");
        using (var mkfifo = ChildProcess.Start("mkfifo", [gate], Path.GetTempPath()))
        {
            Assert.Equal(0, await mkfifo.WaitForExitAsync(Patience));
        }

        try
        {
            // The child blocks on the named pipe between its two lines until the test writes to it.
            await using var child = ChildProcess.Start("sh", ["-c", $"echo first; read go < '{gate}'; echo second; exec sleep 60"], Path.GetTempPath());
            await child.WaitForLineAsync(line => line == "first", Patience);
            var second = child.WaitForLineAsync(line => line == "second", Patience);
            Assert.False(second.IsCompleted);

            await File.WriteAllTextAsync(gate, "go\n");
            await second;

            Assert.Equal("first\nsecond\n", child.StandardOutput);
            Assert.False(child.HasExited);
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task WaitForLine_WhenTheProcessExitsFirst_FailsWithItsExitCodeAndOutput()
    {
        await using var child = ChildProcess.Start("sh", ["-c", "echo 'no store' >&2; exit 3"], Path.GetTempPath());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => child.WaitForLineAsync(line => line == "ready", Patience));

        Assert.Contains("exited with 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("no store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForExit_PastItsTimeout_KillsTheProcessAndFailsWithItsOutput()
    {
        await using var child = ChildProcess.Start("sh", ["-c", "echo started; exec sleep 60"], Path.GetTempPath());
        await child.WaitForLineAsync(line => line == "started", Patience);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => child.WaitForExitAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains("started", error.Message, StringComparison.Ordinal);
        Assert.True(child.HasExited);
    }
}
