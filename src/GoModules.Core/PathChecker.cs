using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// The path rules of x/mod's <c>module</c> package, written once over UTF-16 (<see cref="char"/>) and UTF-8
/// (<see cref="byte"/>) code units. Every structural character the rules look at (<c>/ . ~ - !</c>, digits,
/// ASCII letters) is a single code unit in both encodings and never part of a multi-unit sequence, so the
/// same scan works for both; only the decoding of non-ASCII characters differs.
/// </summary>
internal static class PathChecker
{
    private const string GopkgIn = "gopkg.in/";
    private const string Unstable = "-unstable";

    // Bit c of (Low, High) is set when the ASCII character c is allowed; Low covers 0-63, High 64-127.
    // A precompiled, vectorized search; the generic IndexOfAnyInRange<char> may allocate until it is re-jitted.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(AllSurrogates());

    /// <summary>Gets the letters A to Z, for escaping.</summary>
    public static SearchValues<char> UpperCaseAscii { get; } = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly (ulong Low, ulong High) ModuleChars = Mask("-._~");
    private static readonly (ulong Low, ulong High) ImportChars = Mask("-._~+");
    private static readonly (ulong Low, ulong High) FileChars = Mask("!#$%&()+,-.=@[]^_{}~ ");

    /// <summary>Checks <paramref name="path"/> as a path of the given kind.</summary>
    public static PathCheckResult Check<T>(ReadOnlySpan<T> path, ModulePathKind kind)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!IsWellFormed(path))
        {
            return PathCheckResult.Fail(PathErrorKind.InvalidUtf8);
        }

        if (path.IsEmpty)
        {
            return PathCheckResult.Fail(PathErrorKind.EmptyString);
        }

        if (At(path, 0) == '-' && kind != ModulePathKind.File)
        {
            return PathCheckResult.Fail(PathErrorKind.LeadingDash);
        }

        var slash = T.CreateTruncating('/');
        ReadOnlySpan<T> doubleSlash = [slash, slash];
        if (path.IndexOf(doubleSlash) >= 0)
        {
            return PathCheckResult.Fail(PathErrorKind.DoubleSlash);
        }

        if (path[^1] == slash)
        {
            return PathCheckResult.Fail(PathErrorKind.TrailingSlash);
        }

        var start = 0;
        while (true)
        {
            var rest = path[start..];
            var length = rest.IndexOf(slash);
            var element = length < 0 ? rest : rest[..length];
            var result = CheckElement(element, kind, start);
            if (!result.IsValid)
            {
                return result;
            }

            if (length < 0)
            {
                break;
            }

            start += length + 1;
        }

        return kind == ModulePathKind.Module ? CheckModuleRules(path) : PathCheckResult.Valid;
    }

    /// <summary>
    /// Checks one path element (Go's <c>checkElem</c>). It does not check the encoding first: broken
    /// sequences surface as invalid characters. <paramref name="offset"/> is added to reported positions.
    /// </summary>
    public static PathCheckResult CheckElement<T>(ReadOnlySpan<T> element, ModulePathKind kind, int offset = 0)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (element.IsEmpty)
        {
            return new PathCheckResult(PathErrorKind.EmptyElement, offset, 0, 0);
        }

        var dot = T.CreateTruncating('.');
        if (element.IndexOfAnyExcept(dot) < 0)
        {
            return new PathCheckResult(PathErrorKind.DotsOnlyElement, offset, element.Length, 0);
        }

        if (element[0] == dot && kind == ModulePathKind.Module)
        {
            return new PathCheckResult(PathErrorKind.LeadingDot, offset, element.Length, 0);
        }

        if (element[^1] == dot)
        {
            return new PathCheckResult(PathErrorKind.TrailingDot, offset, element.Length, 0);
        }

        var allowed = kind switch
        {
            ModulePathKind.Module => ModuleChars,
            ModulePathKind.Import => ImportChars,
            _ => FileChars,
        };
        for (var i = 0; i < element.Length;)
        {
            var c = At(element, i);
            if (c < 0x80)
            {
                if (!IsAllowed(c, allowed))
                {
                    return new PathCheckResult(PathErrorKind.InvalidChar, offset + i, 1, (int)c);
                }

                i++;
                continue;
            }

            var rune = DecodeRune(element[i..], out var consumed);
            if (kind != ModulePathKind.File || !UnicodeLetters.IsLetter(rune))
            {
                return new PathCheckResult(PathErrorKind.InvalidChar, offset + i, consumed, rune);
            }

            i += consumed;
        }

        var shortLength = element.IndexOf(dot);
        var shortName = shortLength < 0 ? element : element[..shortLength];
        if (IsWindowsReservedName(shortName))
        {
            return new PathCheckResult(PathErrorKind.WindowsReservedName, offset, shortName.Length, 0);
        }

        if (kind != ModulePathKind.File)
        {
            var tilde = shortName.LastIndexOf(T.CreateTruncating('~'));
            if (tilde >= 0 && tilde < shortName.Length - 1
                && shortName[(tilde + 1)..].IndexOfAnyExceptInRange(T.CreateTruncating('0'), T.CreateTruncating('9')) < 0)
            {
                return new PathCheckResult(PathErrorKind.WindowsShortName, offset, shortName.Length, 0);
            }
        }

        return PathCheckResult.Valid;
    }

    /// <summary>
    /// Go's <c>SplitPathVersion</c>: finds the major-version suffix (<c>/vN</c>, or <c>.vN</c> for gopkg.in).
    /// Returns whether the suffix is acceptable; <paramref name="prefixLength"/> is where the suffix starts (the
    /// whole length when there is none or it is rejected).
    /// </summary>
    public static bool SplitPathVersion<T>(ReadOnlySpan<T> path, out int prefixLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        prefixLength = path.Length;
        if (StartsWithAscii(path, GopkgIn))
        {
            return SplitGopkgIn(path, ref prefixLength);
        }

        var i = path.Length;
        var sawDot = false;
        while (i > 0 && (IsDigit(At(path, i - 1)) || At(path, i - 1) == '.'))
        {
            sawDot |= At(path, i - 1) == '.';
            i--;
        }

        if (i <= 1 || i == path.Length || At(path, i - 1) != 'v' || At(path, i - 2) != '/')
        {
            return true;
        }

        // The suffix is "/v" followed by at least one digit or dot.
        var major = path[(i - 2)..];
        if (sawDot || At(major, 2) == '0' || (major.Length == 3 && At(major, 2) == '1'))
        {
            return false;
        }

        prefixLength = i - 2;
        return true;
    }

    private static bool SplitGopkgIn<T>(ReadOnlySpan<T> path, ref int prefixLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        var i = path.Length;
        if (EndsWithAscii(path, Unstable))
        {
            i -= Unstable.Length;
        }

        while (i > 0 && IsDigit(At(path, i - 1)))
        {
            i--;
        }

        if (i <= 1 || At(path, i - 1) != 'v' || At(path, i - 2) != '.')
        {
            // Every gopkg.in path must end in .vN.
            return false;
        }

        var major = path[(i - 2)..];
        if (major.Length <= 2 || (At(major, 2) == '0' && major.Length != 3))
        {
            return false;
        }

        prefixLength = i - 2;
        return true;
    }

    /// <summary>
    /// Validates the escaped form used by the module cache and the proxy protocol: ASCII only, no upper case,
    /// every <c>!</c> followed by a lower-case ASCII letter. Counts the <c>!</c> marks.
    /// </summary>
    public static bool IsWellFormedEscape<T>(ReadOnlySpan<T> escaped, out int bangs)
        where T : unmanaged, IBinaryInteger<T>
    {
        bangs = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = At(escaped, i);
            if (c >= 0x80 || IsUpper(c))
            {
                return false;
            }

            if (c == '!')
            {
                if (i + 1 == escaped.Length || !IsLower(At(escaped, i + 1)))
                {
                    return false;
                }

                bangs++;
                i++;
            }
        }

        return true;
    }

    public static bool IsWellFormed<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
        {
            return Utf8.IsValid(MemoryMarshal.Cast<T, byte>(text));
        }

        var chars = MemoryMarshal.Cast<T, char>(text);
        var i = chars.IndexOfAny(Surrogates);
        if (i < 0)
        {
            return true;
        }

        while (i < chars.Length)
        {
            if (Rune.DecodeFromUtf16(chars[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            i += consumed;
        }

        return true;
    }

    /// <summary>Decodes one character; broken sequences give U+FFFD.</summary>
    public static int DecodeRune<T>(ReadOnlySpan<T> text, out int consumed)
        where T : unmanaged, IBinaryInteger<T>
    {
        Rune rune;
        if (typeof(T) == typeof(byte))
        {
            _ = Rune.DecodeFromUtf8(MemoryMarshal.Cast<T, byte>(text), out rune, out consumed);
        }
        else
        {
            _ = Rune.DecodeFromUtf16(MemoryMarshal.Cast<T, char>(text), out rune, out consumed);
        }

        return rune.Value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint At<T>(ReadOnlySpan<T> text, int index)
        where T : unmanaged, IBinaryInteger<T>
        => uint.CreateTruncating(text[index]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsUpper(uint c) => c - 'A' <= 'Z' - 'A';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLower(uint c) => c - 'a' <= 'z' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(uint c) => c - '0' <= '9' - '0';

    private static PathCheckResult CheckModuleRules<T>(ReadOnlySpan<T> path)
        where T : unmanaged, IBinaryInteger<T>
    {
        var firstLength = path.IndexOf(T.CreateTruncating('/'));
        var first = firstLength < 0 ? path : path[..firstLength];
        if (first.IndexOf(T.CreateTruncating('.')) < 0)
        {
            return new PathCheckResult(PathErrorKind.MissingDotFirstElement, 0, first.Length, 0);
        }

        // A leading dash in the first element was already reported as LeadingDash.
        for (var i = 0; i < first.Length; i++)
        {
            var c = At(first, i);
            if (!(IsLower(c) || IsDigit(c) || c == '-' || c == '.'))
            {
                return new PathCheckResult(PathErrorKind.InvalidCharFirstElement, i, 1, (int)c);
            }
        }

        return SplitPathVersion(path, out _) ? PathCheckResult.Valid : PathCheckResult.Fail(PathErrorKind.BadMajorSuffix);
    }

    private static bool IsWindowsReservedName<T>(ReadOnlySpan<T> name)
        where T : unmanaged, IBinaryInteger<T>
    {
        // CON PRN AUX NUL, COM1-COM9, LPT1-LPT9, compared without regard to ASCII case. None of their letters has
        // a non-ASCII case-folding partner, so this matches Go's strings.EqualFold.
        if (name.Length is < 3 or > 4)
        {
            return false;
        }

        var a = At(name, 0) | 0x20;
        var b = At(name, 1) | 0x20;
        var c = At(name, 2) | 0x20;
        if (name.Length == 3)
        {
            return (a, b, c) is ('c', 'o', 'n') or ('p', 'r', 'n') or ('a', 'u', 'x') or ('n', 'u', 'l');
        }

        var d = At(name, 3);
        return d - '1' <= '9' - '1' && (a, b, c) is ('c', 'o', 'm') or ('l', 'p', 't');
    }

    private static bool StartsWithAscii<T>(ReadOnlySpan<T> text, string ascii)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (text.Length < ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (At(text, i) != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool EndsWithAscii<T>(ReadOnlySpan<T> text, string ascii)
        where T : unmanaged, IBinaryInteger<T>
        => text.Length >= ascii.Length && StartsWithAscii(text[^ascii.Length..], ascii);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAllowed(uint c, (ulong Low, ulong High) mask)
        => ((c < 64 ? mask.Low >> (int)c : mask.High >> (int)(c - 64)) & 1) != 0;

    private static char[] AllSurrogates()
    {
        var all = new char[0xE000 - 0xD800];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = (char)(0xD800 + i);
        }

        return all;
    }

    private static (ulong Low, ulong High) Mask(string punctuation)
    {
        ulong low = 0, high = 0;
        for (var c = 0; c < 128; c++)
        {
            var ok = IsDigit((uint)c) || IsUpper((uint)c) || IsLower((uint)c) || punctuation.Contains((char)c, StringComparison.Ordinal);
            if (ok)
            {
                if (c < 64)
                {
                    low |= 1UL << c;
                }
                else
                {
                    high |= 1UL << (c - 64);
                }
            }
        }

        return (low, high);
    }
}
