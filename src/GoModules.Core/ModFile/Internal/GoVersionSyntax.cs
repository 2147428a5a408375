using System;

namespace GoModules.ModFile.Internal;

/// <summary>Syntax of Go release versions as written in go.mod <c>go</c> and <c>toolchain</c> lines.</summary>
internal static class GoVersionSyntax
{
    /// <summary>
    /// <c>1.N</c>, optionally <c>.P</c>, optionally a pre-release such as <c>rc1</c> (the newer
    /// <c>GoVersionRE</c>; Go 1.19 accepted only <c>1.N</c>). Numbers have no leading zeros and the major is not 0.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> v)
    {
        var i = 0;
        if (!Number(v, ref i, allowZero: false) || i >= v.Length || v[i] != '.')
        {
            return false;
        }

        i++;
        if (!Number(v, ref i, allowZero: true))
        {
            return false;
        }

        if (i < v.Length && v[i] == '.')
        {
            i++;
            if (!Number(v, ref i, allowZero: true))
            {
                return false;
            }
        }

        if (i < v.Length)
        {
            var letters = i;
            while (i < v.Length && char.IsAsciiLetterLower(v[i]))
            {
                i++;
            }

            if (i == letters)
            {
                return false;
            }

            var digits = i;
            while (i < v.Length && char.IsAsciiDigit(v[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        return i == v.Length;
    }

    /// <summary>
    /// Lax-mode repair: an optional <c>v</c>, then <c>M.N</c> followed by at least one character that is not a
    /// digit; gives <c>M.N</c>.
    /// </summary>
    public static bool TryLaxPrefix(string v, out string prefix)
    {
        prefix = string.Empty;
        var i = v.StartsWith('v') ? 1 : 0;
        var start = i;
        if (!Number(v, ref i, allowZero: false) || i >= v.Length || v[i] != '.')
        {
            return false;
        }

        i++;
        if (!Number(v, ref i, allowZero: true) || i >= v.Length || char.IsAsciiDigit(v[i]))
        {
            return false;
        }

        prefix = v[start..i];
        return true;
    }

    /// <summary>
    /// A toolchain name as x/mod v0.11 and later accept it: <c>default</c>, <c>go1</c>, or <c>go1.</c> followed by
    /// anything (such as <c>go1.21.3</c> or <c>go1.21.3-gccgo</c>). <c>local</c>, <c>go1x</c> and names that merely
    /// contain <c>-go1</c> are rejected.
    /// </summary>
    public static bool IsToolchainName(string name)
        => name is "default" or "go1" || name.StartsWith("go1.", StringComparison.Ordinal);

    private static bool Number(ReadOnlySpan<char> v, ref int i, bool allowZero)
    {
        if (i >= v.Length || !char.IsAsciiDigit(v[i]))
        {
            return false;
        }

        if (v[i] == '0')
        {
            if (!allowZero)
            {
                return false;
            }

            i++;
            return i >= v.Length || !char.IsAsciiDigit(v[i]);
        }

        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }

        return true;
    }
}
