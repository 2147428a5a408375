using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using GoModules.Kernel;

namespace GoModules;

/// <content>Case escaping for the module cache and the proxy protocol (Go's EscapePath and UnescapePath).</content>
public readonly partial struct ModulePath
{
    /// <summary>
    /// Returns the escaped form of a module path: every upper-case ASCII letter is replaced by <c>!</c> and its
    /// lower-case form, so that the module cache and proxy URLs never need two spellings that differ only in case.
    /// </summary>
    /// <param name="path">The module path, such as <c>github.com/Azure/azure-sdk-for-go</c>.</param>
    /// <returns>The escaped path (<c>github.com/!azure/azure-sdk-for-go</c>); the same string instance when it has no upper case.</returns>
    /// <remarks>See https://go.dev/ref/mod#goproxy-protocol.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid module path (see <see cref="CheckPath(string)"/>).</exception>
    public static string EscapePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckPath(path);
        return EscapeUpperCase(path);
    }

    /// <summary>Returns the escaped form of a module path without throwing; see <see cref="EscapePath(string)"/>.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="escaped">The escaped path, or <see langword="null"/> when <paramref name="path"/> is not a valid module path.</param>
    /// <returns><see langword="true"/> when <paramref name="path"/> is a valid module path.</returns>
    public static bool TryEscapePath([NotNullWhen(true)] string? path, [NotNullWhen(true)] out string? escaped)
    {
        if (path is null || !PathChecker.Check<char>(path, ModulePathKind.Module).IsValid)
        {
            escaped = null;
            return false;
        }

        escaped = EscapeUpperCase(path);
        return true;
    }

    /// <summary>
    /// Returns the module path that an escaped path stands for, undoing <see cref="EscapePath(string)"/>.
    /// </summary>
    /// <param name="escaped">The escaped path, such as <c>github.com/!azure/azure-sdk-for-go</c>.</param>
    /// <returns>The module path; the same string instance when it contains no <c>!</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="escaped"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException">
    /// <paramref name="escaped"/> contains an upper-case letter or a non-ASCII character, or a <c>!</c> that is not
    /// followed by a lower-case ASCII letter (<see cref="InvalidModulePathException.Reason"/> is
    /// <see cref="PathErrorKind.BadEscape"/>).
    /// -or-
    /// The unescaped text is not a valid module path (<see cref="InvalidModulePathException.Reason"/> says why and
    /// <see cref="Exception.InnerException"/> is the <see cref="CheckPath(string)"/> failure).
    /// </exception>
    public static string UnescapePath(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!TryUnescapeCase(escaped, out var path))
        {
            throw new InvalidModulePathException(
                PathErrors.Format(SR.InvalidEscapedModulePath, GoQuote.Quote(escaped)), escaped, ModulePathKind.Module, PathErrorKind.BadEscape);
        }

        var result = PathChecker.Check<char>(path, ModulePathKind.Module);
        if (!result.IsValid)
        {
            var inner = PathErrors.Create<char>(path, path, ModulePathKind.Module, result);
            throw new InvalidModulePathException(
                PathErrors.Format(SR.InvalidEscapedModulePathBecause, GoQuote.Quote(escaped), inner.Message), escaped, ModulePathKind.Module, result.Kind, inner);
        }

        return path;
    }

    /// <summary>Returns the module path that an escaped path stands for, without throwing; see <see cref="UnescapePath(string)"/>.</summary>
    /// <param name="escaped">The escaped path.</param>
    /// <param name="path">The module path, or <see langword="null"/> when <paramref name="escaped"/> is not a valid escaped module path.</param>
    /// <returns><see langword="true"/> when <paramref name="escaped"/> is a valid escaped module path.</returns>
    public static bool TryUnescapePath([NotNullWhen(true)] string? escaped, [NotNullWhen(true)] out string? path)
    {
        if (escaped is not null && TryUnescapeCase(escaped, out path) && PathChecker.Check<char>(path, ModulePathKind.Module).IsValid)
        {
            return true;
        }

        path = null;
        return false;
    }

    /// <summary>Returns the module path that an escaped path stands for; see <see cref="UnescapePath(string)"/>.</summary>
    /// <param name="escaped">The escaped path.</param>
    /// <returns>The module path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="escaped"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="escaped"/> is not a valid escaped module path (see <see cref="UnescapePath(string)"/>).</exception>
    public static ModulePath Unescape(string escaped) => new(UnescapePath(escaped));

    /// <summary>Returns the module path that an escaped path stands for, without throwing; see <see cref="UnescapePath(string)"/>.</summary>
    /// <param name="escaped">The escaped path.</param>
    /// <param name="path">The module path, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="escaped"/> is a valid escaped module path.</returns>
    public static bool TryUnescape([NotNullWhen(true)] string? escaped, out ModulePath path)
    {
        if (TryUnescapePath(escaped, out var text))
        {
            path = new ModulePath(text);
            return true;
        }

        path = default;
        return false;
    }

    /// <summary>
    /// Returns the escaped form of a version, as used in module cache file names and proxy URLs: every upper-case
    /// ASCII letter is replaced by <c>!</c> and its lower-case form (<c>v1.0.0-RC1</c> becomes <c>v1.0.0-!r!c1</c>).
    /// </summary>
    /// <param name="version">The version. It need not be a semantic version (<c>master</c> is accepted).</param>
    /// <returns>The escaped version; the same string instance when it has no upper case.</returns>
    /// <remarks>
    /// The version must be usable as a single file name: it is checked as one element of a file path (see
    /// <see cref="CheckFilePath(string)"/>), so it may not contain <c>/</c> or be a Windows reserved name, and it
    /// may not contain <c>!</c>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="version"/> is not a valid file-name element or contains <c>!</c>
    /// (<see cref="InvalidModuleVersionException.Kind"/> is <see cref="VersionErrorKinds.DisallowedVersion"/>).
    /// -or-
    /// <paramref name="version"/> contains a non-ASCII letter, which the escaping cannot express
    /// (<see cref="InvalidModuleVersionException.Kind"/> is <see cref="VersionErrorKinds.NonAsciiVersion"/>).
    /// </exception>
    public static string EscapeVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!IsEscapableVersion(version))
        {
            throw new InvalidModuleVersionException(version, false, VersionErrorKinds.DisallowedVersion, SR.DisallowedVersionString);
        }

        if (!Ascii.IsValid(version))
        {
            // Go reports this as an internal inconsistency of its escaping code.
            throw new InvalidModuleVersionException(SR.EscapeInconsistency, version, VersionErrorKinds.NonAsciiVersion, SR.EscapeInconsistency, null);
        }

        return EscapeUpperCase(version);
    }

    /// <summary>Returns the escaped form of a version without throwing; see <see cref="EscapeVersion(string)"/>.</summary>
    /// <param name="version">The version.</param>
    /// <param name="escaped">The escaped version, or <see langword="null"/> when <paramref name="version"/> cannot be escaped.</param>
    /// <returns><see langword="true"/> when <paramref name="version"/> can be escaped.</returns>
    public static bool TryEscapeVersion([NotNullWhen(true)] string? version, [NotNullWhen(true)] out string? escaped)
    {
        if (version is null || !IsEscapableVersion(version) || !Ascii.IsValid(version))
        {
            escaped = null;
            return false;
        }

        escaped = EscapeUpperCase(version);
        return true;
    }

    /// <summary>Returns the version that an escaped version stands for, undoing <see cref="EscapeVersion(string)"/>.</summary>
    /// <param name="escaped">The escaped version, such as <c>v1.0.0-!r!c1</c>.</param>
    /// <returns>The version; the same string instance when it contains no <c>!</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="escaped"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="escaped"/> contains an upper-case letter or a non-ASCII character, or a <c>!</c> that is not
    /// followed by a lower-case ASCII letter (<see cref="InvalidModuleVersionException.Kind"/> is
    /// <see cref="VersionErrorKinds.BadEscape"/>).
    /// -or-
    /// The unescaped version is not a valid file-name element (<see cref="InvalidModuleVersionException.Kind"/> is
    /// <see cref="VersionErrorKinds.InvalidUnescapedVersion"/> and <see cref="Exception.InnerException"/> is an
    /// <see cref="InvalidModulePathException"/> whose <see cref="InvalidModulePathException.Reason"/> says why).
    /// </exception>
    public static string UnescapeVersion(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!TryUnescapeCase(escaped, out var version))
        {
            var message = PathErrors.Format(SR.InvalidEscapedVersion, GoQuote.Quote(escaped));
            throw new InvalidModuleVersionException(message, escaped, VersionErrorKinds.BadEscape, message, null);
        }

        var result = PathChecker.CheckElement<char>(version, ModulePathKind.File);
        if (!result.IsValid)
        {
            var reason = PathErrors.Describe<char>(version, result);
            var inner = new InvalidModulePathException(reason, version, ModulePathKind.File, result.Kind);
            throw new InvalidModuleVersionException(
                PathErrors.Format(SR.InvalidEscapedVersionBecause, GoQuote.Quote(version), reason), escaped, VersionErrorKinds.InvalidUnescapedVersion, reason, inner);
        }

        return version;
    }

    /// <summary>Returns the version that an escaped version stands for, without throwing; see <see cref="UnescapeVersion(string)"/>.</summary>
    /// <param name="escaped">The escaped version.</param>
    /// <param name="version">The version, or <see langword="null"/> when <paramref name="escaped"/> is not a valid escaped version.</param>
    /// <returns><see langword="true"/> when <paramref name="escaped"/> is a valid escaped version.</returns>
    public static bool TryUnescapeVersion([NotNullWhen(true)] string? escaped, [NotNullWhen(true)] out string? version)
    {
        if (escaped is not null && TryUnescapeCase(escaped, out version) && PathChecker.CheckElement<char>(version, ModulePathKind.File).IsValid)
        {
            return true;
        }

        version = null;
        return false;
    }

    /// <summary>Go's first test in EscapeVersion: a valid file-name element without <c>!</c>.</summary>
    private static bool IsEscapableVersion(string version)
        => PathChecker.CheckElement<char>(version, ModulePathKind.File).IsValid && !version.Contains('!', StringComparison.Ordinal);

    /// <summary>
    /// Writes each upper-case ASCII letter as <c>!</c> plus its lower-case form. The caller guarantees that the
    /// text is ASCII and has no <c>!</c> (as every checked module path and every accepted version is).
    /// </summary>
    internal static string EscapeUpperCase(string text)
    {
        var first = text.AsSpan().IndexOfAny(PathChecker.UpperCaseAscii);
        if (first < 0)
        {
            return text;
        }

        var upper = 0;
        foreach (var c in text.AsSpan(first))
        {
            if (PathChecker.IsUpper(c))
            {
                upper++;
            }
        }

        return string.Create(text.Length + upper, text, static (destination, source) =>
        {
            var j = 0;
            foreach (var c in source)
            {
                if (PathChecker.IsUpper(c))
                {
                    destination[j++] = '!';
                    destination[j++] = (char)(c + ('a' - 'A'));
                }
                else
                {
                    destination[j++] = c;
                }
            }
        });
    }

    /// <summary>Undoes <see cref="EscapeUpperCase"/>; fails on text that no escaping could have produced.</summary>
    internal static bool TryUnescapeCase(string escaped, [NotNullWhen(true)] out string? text)
    {
        if (!PathChecker.IsWellFormedEscape<char>(escaped, out var bangs))
        {
            text = null;
            return false;
        }

        if (bangs == 0)
        {
            text = escaped;
            return true;
        }

        text = string.Create(escaped.Length - bangs, escaped, static (destination, source) =>
        {
            var j = 0;
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                destination[j++] = c == '!' ? (char)(source[++i] - ('a' - 'A')) : c;
            }
        });
        return true;
    }
}
