using System;
using System.Text;

namespace GoModules.Patterns.Internal;

/// <summary>
/// Go's <c>path.Match</c> glob matcher (Go 1.19) and the prefix-element rule of
/// <c>module.MatchPrefixPatterns</c> (x/mod v0.7.0), over UTF-8 bytes.
/// </summary>
/// <remarks>
/// <para>
/// Go matches bytes, not characters: literals compare single bytes, while <c>?</c> and character
/// classes decode one rune, and an invalid byte decodes as U+FFFD of length 1. A <c>*</c> that
/// looks for a later match advances one byte at a time, so it can resume in the middle of a
/// multi-byte character, whose remaining bytes then count as one U+FFFD rune each. Working on
/// UTF-8 keeps those corner cases identical to Go (for example <c>*??</c> matches <c>€</c>).
/// </para>
/// <para>
/// A pattern with a syntax error never produces a match: Go reports <c>ErrBadPattern</c> instead,
/// and every caller in the go command treats that as "no match". The matcher therefore returns
/// <see langword="false"/> as soon as it meets a syntax error.
/// </para>
/// </remarks>
internal static class GoGlob
{
    private const int RuneError = 0xFFFD;

    private enum ChunkResult
    {
        NoMatch,
        Match,
        BadPattern,
    }

    /// <summary>Reports whether <paramref name="pattern"/> has no syntax error, that is, whether Go's
    /// <c>path.Match</c> would never return <c>ErrBadPattern</c> for it.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> pattern)
    {
        while (!pattern.IsEmpty)
        {
            NextChunk(ref pattern, out _, out var chunk);

            // With an empty name the chunk is only parsed, never compared.
            if (MatchChunk(chunk, default, out _) == ChunkResult.BadPattern)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's <c>path.Match(pattern, name)</c>; a syntax error gives <see langword="false"/>.</summary>
    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> name)
    {
    NextPattern:
        while (!pattern.IsEmpty)
        {
            NextChunk(ref pattern, out var star, out var chunk);
            if (star && chunk.IsEmpty)
            {
                // A trailing star takes the rest of the name unless a '/' is left in it.
                return !name.Contains((byte)'/');
            }

            // First try the chunk right here. When it is the last chunk it must use up the name.
            var result = MatchChunk(chunk, name, out var rest);
            if (result == ChunkResult.Match && (rest.IsEmpty || !pattern.IsEmpty))
            {
                name = rest;
                continue;
            }

            if (result == ChunkResult.BadPattern)
            {
                return false;
            }

            if (star)
            {
                // Let the star swallow one more byte at a time, never a '/'. Only the leftmost
                // position that works is taken; Go does not backtrack into earlier chunks.
                for (var i = 0; i < name.Length && name[i] != (byte)'/'; i++)
                {
                    result = MatchChunk(chunk, name[(i + 1)..], out rest);
                    if (result == ChunkResult.Match)
                    {
                        if (pattern.IsEmpty && !rest.IsEmpty)
                        {
                            continue;
                        }

                        name = rest;
                        goto NextPattern;
                    }

                    if (result == ChunkResult.BadPattern)
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        return name.IsEmpty;
    }

    /// <summary>
    /// Cuts from <paramref name="target"/> the first <paramref name="slashes"/>+1 slash-separated
    /// elements: the text before its (<paramref name="slashes"/>+1)-th '/', or all of it when it has
    /// exactly <paramref name="slashes"/> slashes. Fails when it has fewer.
    /// </summary>
    public static bool TryGetPrefix(ReadOnlySpan<byte> target, int slashes, out ReadOnlySpan<byte> prefix)
    {
        var offset = 0;
        while (true)
        {
            var i = target[offset..].IndexOf((byte)'/');
            if (i < 0)
            {
                prefix = target;
                return slashes == 0;
            }

            if (slashes == 0)
            {
                prefix = target[..(offset + i)];
                return true;
            }

            slashes--;
            offset += i + 1;
        }
    }

    /// <summary>
    /// <c>module.MatchPrefixPatterns(globs, target)</c> directly over the comma-separated list,
    /// without building a <see cref="PathPatternList"/>.
    /// </summary>
    public static bool MatchPrefixPatterns(ReadOnlySpan<byte> globs, ReadOnlySpan<byte> target)
    {
        while (!globs.IsEmpty)
        {
            ReadOnlySpan<byte> glob;
            var comma = globs.IndexOf((byte)',');
            if (comma >= 0)
            {
                glob = globs[..comma];
                globs = globs[(comma + 1)..];
            }
            else
            {
                glob = globs;
                globs = default;
            }

            glob = TrimOneTrailingSlash(glob);
            if (glob.IsEmpty)
            {
                continue;
            }

            if (TryGetPrefix(target, glob.Count((byte)'/'), out var prefix) && Match(glob, prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops one trailing '/', as Go does before matching an entry of a pattern list.</summary>
    public static ReadOnlySpan<byte> TrimOneTrailingSlash(ReadOnlySpan<byte> glob)
        => !glob.IsEmpty && glob[^1] == (byte)'/' ? glob[..^1] : glob;

    /// <inheritdoc cref="TrimOneTrailingSlash(ReadOnlySpan{byte})"/>
    public static ReadOnlySpan<char> TrimOneTrailingSlash(ReadOnlySpan<char> glob)
        => !glob.IsEmpty && glob[^1] == '/' ? glob[..^1] : glob;

    /// <summary>
    /// Splits off the next chunk: any run of stars (reported in <paramref name="star"/>), then the
    /// single-character operators up to the next star that is not inside a class or escaped.
    /// </summary>
    private static void NextChunk(ref ReadOnlySpan<byte> pattern, out bool star, out ReadOnlySpan<byte> chunk)
    {
        star = false;
        while (!pattern.IsEmpty && pattern[0] == (byte)'*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inClass = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == (byte)'\\')
            {
                // The escaped byte is skipped; a lone trailing '\' is reported when matching.
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == (byte)'[')
            {
                inClass = true;
            }
            else if (c == (byte)']')
            {
                inClass = false;
            }
            else if (c == (byte)'*' && !inClass)
            {
                break;
            }
        }

        chunk = pattern[..i];
        pattern = pattern[i..];
    }

    /// <summary>
    /// Matches a chunk (no stars) against the start of <paramref name="s"/>. Once a comparison has
    /// failed the rest of the chunk is still parsed, so that a syntax error anywhere in it is found.
    /// </summary>
    private static ChunkResult MatchChunk(scoped ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> s, out ReadOnlySpan<byte> rest)
    {
        rest = default;
        var failed = false;
        while (!chunk.IsEmpty)
        {
            if (!failed && s.IsEmpty)
            {
                failed = true;
            }

            switch (chunk[0])
            {
                case (byte)'[':
                {
                    var r = 0;
                    if (!failed)
                    {
                        r = DecodeRune(s, out var n);
                        s = s[n..];
                    }

                    chunk = chunk[1..];
                    var negated = false;
                    if (!chunk.IsEmpty && chunk[0] == (byte)'^')
                    {
                        negated = true;
                        chunk = chunk[1..];
                    }

                    var matched = false;
                    var items = 0;
                    while (true)
                    {
                        if (!chunk.IsEmpty && chunk[0] == (byte)']' && items > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        if (!TryReadClassChar(ref chunk, out var lo))
                        {
                            return ChunkResult.BadPattern;
                        }

                        var hi = lo;
                        if (chunk[0] == (byte)'-')
                        {
                            chunk = chunk[1..];
                            if (!TryReadClassChar(ref chunk, out hi))
                            {
                                return ChunkResult.BadPattern;
                            }
                        }

                        if (lo <= r && r <= hi)
                        {
                            matched = true;
                        }

                        items++;
                    }

                    if (matched == negated)
                    {
                        failed = true;
                    }

                    break;
                }

                case (byte)'?':
                    if (!failed)
                    {
                        if (s[0] == (byte)'/')
                        {
                            failed = true;
                        }

                        DecodeRune(s, out var n);
                        s = s[n..];
                    }

                    chunk = chunk[1..];
                    break;

                case (byte)'\\':
                    chunk = chunk[1..];
                    if (chunk.IsEmpty)
                    {
                        return ChunkResult.BadPattern;
                    }

                    CompareLiteral(chunk[0], ref s, ref failed);
                    chunk = chunk[1..];
                    break;

                default:
                    CompareLiteral(chunk[0], ref s, ref failed);
                    chunk = chunk[1..];
                    break;
            }
        }

        if (failed)
        {
            return ChunkResult.NoMatch;
        }

        rest = s;
        return ChunkResult.Match;
    }

    private static void CompareLiteral(byte literal, ref ReadOnlySpan<byte> s, ref bool failed)
    {
        if (!failed)
        {
            if (literal != s[0])
            {
                failed = true;
            }

            s = s[1..];
        }
    }

    /// <summary>
    /// Reads one possibly escaped character of a class. A class item may not start with '-' or ']',
    /// must be valid UTF-8 and must be followed by more pattern text (at least the closing ']').
    /// </summary>
    private static bool TryReadClassChar(ref ReadOnlySpan<byte> chunk, out int rune)
    {
        rune = 0;
        if (chunk.IsEmpty || chunk[0] == (byte)'-' || chunk[0] == (byte)']')
        {
            return false;
        }

        if (chunk[0] == (byte)'\\')
        {
            chunk = chunk[1..];
            if (chunk.IsEmpty)
            {
                return false;
            }
        }

        rune = DecodeRune(chunk, out var n);
        var invalid = rune == RuneError && n == 1;
        chunk = chunk[n..];
        return !invalid && !chunk.IsEmpty;
    }

    /// <summary>Go's <c>utf8.DecodeRune</c>: an invalid or truncated sequence is U+FFFD of length 1.</summary>
    private static int DecodeRune(ReadOnlySpan<byte> s, out int length)
    {
        if (s[0] < 0x80)
        {
            length = 1;
            return s[0];
        }

        if (Rune.DecodeFromUtf8(s, out var rune, out length) == System.Buffers.OperationStatus.Done)
        {
            return rune.Value;
        }

        length = 1;
        return RuneError;
    }
}
