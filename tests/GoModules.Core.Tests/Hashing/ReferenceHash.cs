using System.Security.Cryptography;
using System.Text;

namespace GoModules.Tests.Hashing;

/// <summary>
/// A deliberately plain restatement of the h1 algorithm (spec §7.1) over raw bytes, used as the oracle
/// for the optimised implementation: sort names by bytes, one "hex  name\n" line each, SHA-256, base64.
/// </summary>
internal static class ReferenceHash
{
    public static string Hash1(IEnumerable<(byte[] Name, byte[] Content)> files)
    {
        var sorted = files.ToList();
        sorted.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        var summary = new MemoryStream();
        foreach (var (name, content) in sorted)
        {
            var line = Encoding.ASCII.GetBytes(Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant() + "  ");
            summary.Write(line);
            summary.Write(name);
            summary.WriteByte((byte)'\n');
        }

        return "h1:" + Convert.ToBase64String(SHA256.HashData(summary.ToArray()));
    }

    public static string Hash1(IEnumerable<(string Name, byte[] Content)> files)
        => Hash1(files.Select(f => (Encoding.UTF8.GetBytes(f.Name), f.Content)));

    /// <summary>Deterministic pseudo-random bytes.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
