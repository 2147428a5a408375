using System;
using System.Buffers;
using System.Text.Unicode;

namespace GoModules.Patterns.Internal;

/// <summary>UTF-16 to UTF-8 conversion into caller-provided scratch space.</summary>
internal static class Utf8Text
{
    /// <summary>Inputs whose UTF-8 form fits in this many bytes are converted on the stack.</summary>
    public const int StackBufferSize = 256;

    /// <summary>The largest number of UTF-8 bytes <paramref name="charCount"/> UTF-16 code units can need.</summary>
    public static int GetMaxByteCount(int charCount)
        => charCount <= int.MaxValue / 3 ? charCount * 3 : throw new ArgumentOutOfRangeException(nameof(charCount));

    /// <summary>
    /// Converts <paramref name="text"/> into <paramref name="buffer"/>, which must hold
    /// <see cref="GetMaxByteCount"/> bytes. A lone surrogate becomes U+FFFD, as Go's conversion of
    /// such a string would.
    /// </summary>
    public static ReadOnlySpan<byte> Encode(ReadOnlySpan<char> text, Span<byte> buffer)
    {
        Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: true);
        return buffer[..written];
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as UTF-8 into a stack buffer (or a pooled one for long text) and applies
    /// <paramref name="predicate"/> to the bytes; allocates nothing when the predicate is a static lambda.
    /// </summary>
    public static bool TestUtf8<TState>(ReadOnlySpan<char> text, TState state, Utf8Predicate<TState> predicate)
    {
        byte[]? rented = null;
        var max = GetMaxByteCount(text.Length);
        Span<byte> buffer = max <= StackBufferSize
            ? stackalloc byte[StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return predicate(state, Encode(text, buffer));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
