using PatientDocs.Testing;

namespace PatientDocs.Engine.Tests.Support;

/// <summary>
/// Finds ../shared/elsa-conformance next to the repository root (the folder holding PatientDocs.sln), or next to the local
/// repository a clone was made from (<see cref="SharedFolder"/>). Without it the
/// corpus tests skip locally, saying why, and fail under CI (CI=true), where a missing corpus must not pass unnoticed.
/// </summary>
internal static class Corpus
{
    private const string Relative = "../shared/elsa-conformance";

    /// <summary>Where the corpus is expected: next to the repository root, or the relative path when no root was found.</summary>
    public static string Expected { get; } = SharedFolder.Locate("elsa-conformance");

    public static string? Folder { get; } = Directory.Exists(Expected) ? Expected : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a corpus test skips here, or null when it runs: the corpus is present, or CI requires it.</summary>
    public static string? SkipReason => SkipReasonFor(Folder is not null, IsCi);

    public static string? SkipReasonFor(bool present, bool ci) => !present && !ci
        ? $"The Elsa conformance corpus ({Relative}, looked for at {Expected}) is absent; with CI=true these tests fail instead."
        : null;

    /// <summary>The corpus folder, or a failure that says where it was looked for.</summary>
    public static string RequireFolder()
    {
        if (Folder is null)
        {
            Assert.Fail($"The Elsa conformance corpus is missing: {Expected} does not exist. Put {Relative} next to the repository.");
        }

        return Folder!;
    }

    public static string Path(string file) => System.IO.Path.Combine(RequireFolder(), "workflows", file);
}
