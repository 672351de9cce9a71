using System.Runtime.InteropServices;

namespace PatientDocs.Server.Hosting;

/// <summary>
/// glibc gives a thread that meets contention on malloc an arena of its own, up to eight per core, and memory freed in one
/// arena is not reused by the others. SQLite, the database drivers and the runtime allocate natively from the thread
/// pool's many threads, so a busy node kept native memory it had freed. Two arenas, set before the first busy moment: in
/// the start-storm bench (10,000 instances) the peak RSS fell from 293 to 273-277 MB, the CPU within the spread between
/// runs. An operator's own <c>MALLOC_ARENA_MAX</c> wins; other C libraries (musl) have no arenas to limit.
/// <para>
/// Set here, the limit comes late: the runtime's own threads have taken arenas of their own before <c>Main</c>, and glibc
/// goes on sharing work among all of them. The variable, read at the process's first allocation, caps them from the start,
/// so the image (<c>Dockerfile.server</c>), the launch profile of <c>dotnet run</c> and the bench set it; this call is for a
/// node started some other way. Measured in the start-storm bench the same day: peak RSS 241-242 MB with the variable,
/// 249-251 MB with this call alone.
/// </para>
/// </summary>
internal static class NativeHeap
{
    /// <summary>M_ARENA_MAX in glibc's malloc.h.</summary>
    private const int ArenaMaxOption = -8;

    private const int Arenas = 2;

    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            // glibc fixes its limit when a ninth arena would be made, so set this early it caps the arenas at two.
            _ = Mallopt(ArenaMaxOption, Arenas);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: nothing to limit.
        }
    }

    // glibc by its soname; a plain DllImport, as both arguments are ints and need no marshalling (nor an unsafe project).
    [DllImport("libc.so.6", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int option, int value);
}
