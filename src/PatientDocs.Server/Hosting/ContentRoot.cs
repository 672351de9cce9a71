namespace PatientDocs.Server.Hosting;

/// <summary>
/// Where appsettings.json is: the working directory under `dotnet run`, else the folder of the built server, so a server
/// started from anywhere (the bench, a service manager) still reads its settings.
/// </summary>
public static class ContentRoot
{
    public static string Find()
    {
        var current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) ? current : AppContext.BaseDirectory;
    }
}
