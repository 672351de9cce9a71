namespace PatientDocs.Server.Studio;

internal static partial class StudioLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Elsa Studio is unavailable: the npm package was not found under {ExpectedPath}. Run `npm ci` in src/PatientDocs.Server/Studio (the build does this when npm is installed).")]
    public static partial void StudioMissing(ILogger logger, string expectedPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Elsa Studio served at /studio from {PackagePath}")]
    public static partial void StudioServed(ILogger logger, string packagePath);
}
