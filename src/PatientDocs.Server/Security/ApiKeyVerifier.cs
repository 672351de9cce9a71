using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Server.Security;

/// <summary>Holds the configured API key (as a hash) and checks a presented one in constant time.</summary>
public sealed class ApiKeyVerifier(IOptions<ServerOptions> options)
{
    private readonly byte[]? _hash = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Hash(options.Value.ApiKey);

    /// <summary>Whether a key is configured, i.e. whether anything needs one.</summary>
    public bool IsRequired => _hash is not null;

    public bool Matches(string? presented) =>
        _hash is not null && presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    // Both sides are hashed first, so the comparison takes as long for a key of any length as for the right one.
    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
