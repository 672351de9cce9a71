namespace PatientDocs.Engine.Runtime;

/// <summary>Row ids: version-7 GUIDs, so ids sort roughly by creation time in every store.</summary>
internal static class RuntimeIds
{
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N");
}
