namespace PatientDocs.Bench.Processes;

/// <summary>Finds the repository (the folder holding PatientDocs.sln) from the current or the bench's folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("PatientDocs.sln not found above the current folder; run the bench from the repository.");
    }
}
