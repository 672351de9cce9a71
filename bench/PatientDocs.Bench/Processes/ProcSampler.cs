using System.Globalization;

namespace PatientDocs.Bench.Processes;

/// <summary>Reads a process's memory from /proc/&lt;pid&gt;/status and its CPU time from /proc/&lt;pid&gt;/stat (Linux).</summary>
public static class ProcSampler
{
    // USER_HZ is 100 on every Linux the bench targets; sysconf is not reachable from managed code without P/Invoke.
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample? Read(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var rss = Kilobytes(status, "VmRSS:");
            var hwm = Kilobytes(status, "VmHWM:");
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(rss / 1024.0, hwm / 1024.0, ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string[] lines, string key)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var number = line[key.Length..].Trim().Split(' ')[0];
        return long.Parse(number, CultureInfo.InvariantCulture);
    }
}
