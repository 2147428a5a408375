using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using GoModules.Kernel;

namespace GoModules;

/// <summary>Turns a failed <see cref="PathCheckResult"/> into Go's message and an exception (failure paths only).</summary>
internal static class PathErrors
{
    public static string KindWord(ModulePathKind kind) => kind switch
    {
        ModulePathKind.Module => "module",
        ModulePathKind.Import => "import",
        _ => "file",
    };

    /// <summary>Go's reason text for a failed check, without the "malformed ... path" prefix.</summary>
    public static string Describe<T>(ReadOnlySpan<T> path, PathCheckResult result)
        where T : unmanaged, IBinaryInteger<T>
    {
        return result.Kind switch
        {
            PathErrorKind.InvalidUtf8 => SR.InvalidUtf8,
            PathErrorKind.EmptyString => SR.EmptyString,
            PathErrorKind.LeadingDash => SR.LeadingDash,
            PathErrorKind.DoubleSlash => SR.DoubleSlash,
            PathErrorKind.TrailingSlash => SR.TrailingSlash,
            PathErrorKind.EmptyElement => SR.EmptyPathElement,
            PathErrorKind.DotsOnlyElement => Format(SR.InvalidPathElement, Quote(path.Slice(result.Start, result.Length))),
            PathErrorKind.LeadingDot => SR.LeadingDotInPathElement,
            PathErrorKind.TrailingDot => SR.TrailingDotInPathElement,
            PathErrorKind.InvalidChar => Format(SR.InvalidChar, GoQuote.QuoteRune(result.Rune)),
            PathErrorKind.WindowsReservedName => Format(SR.WindowsReservedName, Quote(path.Slice(result.Start, result.Length))),
            PathErrorKind.WindowsShortName => SR.WindowsShortName,
            PathErrorKind.MissingDotFirstElement => SR.MissingDotInFirstPathElement,
            PathErrorKind.InvalidCharFirstElement => Format(SR.InvalidCharInFirstPathElement, GoQuote.QuoteRune(result.Rune)),
            PathErrorKind.BadMajorSuffix => SR.InvalidMajorVersionSuffix,
            _ => result.Kind.ToString(),
        };
    }

    /// <summary>Builds the exception for a failed check of <paramref name="path"/>.</summary>
    /// <param name="path">The checked text.</param>
    /// <param name="pathText">The same text as a string when the caller has one (it becomes <see cref="InvalidModulePathException.Path"/>).</param>
    /// <param name="kind">The kind of path that was checked.</param>
    /// <param name="result">The failed result.</param>
    public static InvalidModulePathException Create<T>(ReadOnlySpan<T> path, string? pathText, ModulePathKind kind, PathCheckResult result)
        where T : unmanaged, IBinaryInteger<T>
    {
        var message = Format(SR.MalformedPath, KindWord(kind), Quote(path), Describe(path, result));
        return new InvalidModulePathException(message, pathText ?? ToText(path), kind, result.Kind);
    }

    public static string Quote<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
        => typeof(T) == typeof(byte)
            ? GoQuote.Quote(MemoryMarshal.Cast<T, byte>(text))
            : GoQuote.Quote(MemoryMarshal.Cast<T, char>(text));

    /// <summary>The text as a string; UTF-8 that does not decode becomes U+FFFD.</summary>
    public static string ToText<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
        => typeof(T) == typeof(byte)
            ? Encoding.UTF8.GetString(MemoryMarshal.Cast<T, byte>(text))
            : new string(MemoryMarshal.Cast<T, char>(text));

    public static string Format(string format, object? arg0) => string.Format(CultureInfo.InvariantCulture, format, arg0);

    public static string Format(string format, object? arg0, object? arg1) => string.Format(CultureInfo.InvariantCulture, format, arg0, arg1);

    public static string Format(string format, object? arg0, object? arg1, object? arg2) => string.Format(CultureInfo.InvariantCulture, format, arg0, arg1, arg2);
}
