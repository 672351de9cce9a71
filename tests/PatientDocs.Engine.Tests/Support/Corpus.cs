namespace PatientDocs.Engine.Tests.Support;

/// <summary>Finds ../shared/elsa-conformance next to the repository root (the folder holding PatientDocs.sln).</summary>
internal static class Corpus
{
    public static string? Folder { get; } = Find();

    public static string Path(string file) => System.IO.Path.Combine(Folder!, "workflows", file);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "elsa-conformance"));
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }
}
