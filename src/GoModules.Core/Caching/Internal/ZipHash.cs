using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GoModules.Caching.Internal;

/// <summary>The content rule of <c>.ziphash</c> files.</summary>
internal static class ZipHash
{
    /// <summary><c>h1:</c> plus the base64 of a SHA-256: 47 bytes.</summary>
    public const int Length = 47;

    /// <summary>
    /// Go's <c>isValidSum</c>: after trimming white space, no NUL byte (a torn write leaves NULs) and exactly 47
    /// bytes.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, [NotNullWhen(true)] out string? hash)
    {
        var trimmed = data.Trim(" \t\r\n\v\f"u8);
        if (trimmed.IndexOf((byte)0) >= 0 || trimmed.Length != Length)
        {
            hash = null;
            return false;
        }

        hash = Encoding.UTF8.GetString(trimmed);
        return true;
    }
}
