using System;
using System.Buffers;
using System.Buffers.Text;

namespace GoModules.SumDb.Internal;

/// <summary>
/// Padded standard base64 (RFC 4648 §4) with no tolerance for white space, as Go's
/// <c>base64.StdEncoding</c> decodes the fields of notes, trees and verifier keys.
/// (The BCL decoders skip white space, which would let "AAAA BBBB" through.)
/// </summary>
internal static class StrictBase64
{
    public static bool TryDecode(ReadOnlySpan<byte> utf8, Span<byte> destination, out int written)
    {
        written = 0;
        if (!IsWellFormed(utf8))
        {
            return false;
        }

        var status = Base64.DecodeFromUtf8(utf8, destination, out var consumed, out written);
        return status == OperationStatus.Done && consumed == utf8.Length;
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0)
        {
            return false;
        }

        var utf8 = text.Length <= 512 ? stackalloc byte[text.Length] : new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7f)
            {
                return false;
            }

            utf8[i] = (byte)text[i];
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!TryDecode(utf8, buffer, out var written))
        {
            return false;
        }

        bytes = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Length a multiple of four, only alphabet characters, and at most two '=' at the end.</summary>
    private static bool IsWellFormed(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length % 4 != 0)
        {
            return false;
        }

        var end = utf8.Length;
        if (end > 0 && utf8[end - 1] == (byte)'=')
        {
            end--;
            if (utf8[end - 1] == (byte)'=')
            {
                end--;
            }
        }

        for (var i = 0; i < end; i++)
        {
            var c = utf8[i];
            var ok = (c >= (byte)'A' && c <= (byte)'Z') || (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'0' && c <= (byte)'9') || c == (byte)'+' || c == (byte)'/';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
