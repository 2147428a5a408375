using System;
using System.Diagnostics.CodeAnalysis;
using GoModules.Internal;

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
    /// Writes each upper-case ASCII letter as <c>!</c> plus its lower-case form. The caller guarantees that the
    /// text is ASCII and has no <c>!</c> (as every checked module path and every accepted version is).
    /// </summary>
    internal static string EscapeUpperCase(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('A', 'Z');
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
