namespace PatientDocs.Bench.Runs;

/// <summary>Each run starts on an empty data folder: an earlier run's database in the same --out would count as this run's.</summary>
internal static class DataFolder
{
    public static string CreateEmpty(string runFolder)
    {
        var dataFolder = Path.Combine(runFolder, "data");
        if (Directory.Exists(dataFolder))
        {
            Console.WriteLine($"Removing the data of an earlier run in {dataFolder}");
            Directory.Delete(dataFolder, recursive: true);
        }

        Directory.CreateDirectory(dataFolder);
        return dataFolder;
    }
}
