using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PatientDocs.PatientDocuments.Storage;

/// <summary>
/// Bound from <c>PatientDocs:Storage</c>. Documents live under <c>{Root}/{patientId}/{instanceId}/raw|pdf|report.txt</c>;
/// every node of a cluster mounts the same <see cref="Root"/> and writes its temporary files under
/// <c>{Root}/.tmp/{NodeId}</c>.
/// </summary>
public sealed partial class StorageOptions
{
    public const string Section = "PatientDocs:Storage";

    /// <summary>This node's own files (the activity log); falls back to <c>PatientDocs:DataFolder</c> when unset.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The document storage every node shares (a shared volume); empty means <c>{DataFolder}/documents</c>.</summary>
    public string Root { get; set; } = "";

    /// <summary>
    /// Names this node's temporary files, so that at start it deletes only its own. It must differ between the nodes sharing
    /// <see cref="Root"/> and stay the same when a node restarts; empty means <c>PatientDocs:NodeId</c> when that is set,
    /// else the machine name and a hash of the data folder.
    /// </summary>
    public string NodeId { get; set; } = "";

    /// <summary>An archive with more entries is refused (zip bomb by count).</summary>
    public int MaxArchiveEntries { get; set; } = 5000;

    /// <summary>Largest uncompressed size of one entry.</summary>
    public long MaxEntryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest uncompressed size of a whole archive.</summary>
    public long MaxArchiveBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary><see cref="Root"/>, or its default under the data folder, as an absolute path.</summary>
    public string ResolvedRoot() => Path.GetFullPath(string.IsNullOrWhiteSpace(Root) ? Path.Combine(DataFolder, "documents") : Root);

    /// <summary><see cref="NodeId"/>, or the default for this machine and data folder.</summary>
    public string ResolvedNodeId() => string.IsNullOrWhiteSpace(NodeId) ? DefaultNodeId(DataFolder) : NodeId;

    /// <summary>
    /// The machine name and a hash of the data folder's full path: two servers on one host differ by their data folders,
    /// and a restarted server finds its own leftovers again.
    /// </summary>
    public static string DefaultNodeId(string dataFolder)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(string.IsNullOrWhiteSpace(dataFolder) ? "." : dataFolder)));
        return ToNodeId($"{Environment.MachineName}-{Convert.ToHexStringLower(hash, 0, 4)}");
    }

    /// <summary>Makes any name usable as a node id: characters other than letters, digits, '-' and '_' become '-'.</summary>
    public static string ToNodeId(string name)
    {
        var safe = UnsafeNodeIdCharacters().Replace(name.Trim(), "-");
        return safe.Length > 64 ? safe[..64] : safe;
    }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            yield return $"{Section}:DataFolder must not be empty.";
        }

        if (!string.IsNullOrWhiteSpace(NodeId) && !NodeIdPattern().IsMatch(NodeId))
        {
            yield return $"{Section}:NodeId may contain only letters, digits, '-' and '_' (1–64 characters); was '{NodeId}'.";
        }

        if (MaxArchiveEntries <= 0)
        {
            yield return $"{Section}:MaxArchiveEntries must be positive.";
        }

        if (MaxEntryBytes <= 0 || MaxArchiveBytes < MaxEntryBytes)
        {
            yield return $"{Section}:MaxEntryBytes must be positive and not above MaxArchiveBytes.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    internal static partial Regex NodeIdPattern();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeNodeIdCharacters();
}
