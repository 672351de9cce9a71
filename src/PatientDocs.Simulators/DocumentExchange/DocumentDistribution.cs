using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>
/// How many documents a patient has, from a stable hash of the patient key (SHA-256, not string.GetHashCode,
/// so every process and run agrees).
/// </summary>
public sealed class DocumentDistribution
{
    private readonly DistributionOptions _options;
    private readonly Dictionary<string, int> _overrides;

    public DocumentDistribution(DistributionOptions options, IReadOnlyDictionary<string, int> overrides)
    {
        _options = options;
        _overrides = new Dictionary<string, int>(overrides, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The key a search is counted under: the patient id, or the names when no id is sent.</summary>
    public static string KeyFor(string? patientId, string firstName, string lastName) =>
        string.IsNullOrWhiteSpace(patientId)
            ? $"name:{firstName.Trim().ToUpperInvariant()} {lastName.Trim().ToUpperInvariant()}"
            : patientId.Trim();

    public int CountFor(string key)
    {
        if (_overrides.TryGetValue(key, out var overridden))
        {
            return overridden;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var hasDocuments = Unit(hash[0..4]);
        var isLarge = Unit(hash[4..8]);
        var size = Unit(hash[8..12]);
        if (hasDocuments < _options.NoneFraction)
        {
            return 0;
        }

        var small = _options.SmallMaxFiles;
        if (isLarge < _options.LargeFraction && _options.MaxFiles > small)
        {
            return small + 1 + (int)(size * (_options.MaxFiles - small));
        }

        return 1 + (int)(size * small);
    }

    /// <summary>A stable number in [0, 1) for content that varies per key.</summary>
    public static uint Seed(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt32LittleEndian(hash[12..16]);
    }

    private static double Unit(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32LittleEndian(bytes) / 4294967296.0;
}
