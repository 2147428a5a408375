using System;

namespace GoModules;

/// <content>Checks of raw module, import and file paths (Go's CheckPath, CheckImportPath and CheckFilePath).</content>
public readonly partial struct ModulePath
{
    /// <summary>
    /// Checks that <paramref name="path"/> is a valid module path, as Go's <c>module.CheckPath</c> does.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <remarks>
    /// <para>A valid module path is a valid import path (see <see cref="CheckImportPath(string)"/>) that also:</para>
    /// <list type="bullet">
    /// <item><description>uses no <c>+</c> and no element that starts with a dot;</description></item>
    /// <item><description>has a first element (up to the first slash) made of lower-case ASCII letters, digits, <c>-</c> and <c>.</c>, containing at least one dot;</description></item>
    /// <item><description>ends, if it ends in <c>/vN</c> with N made of digits and dots, in a well-formed major version: no dots, no leading zero, not <c>/v1</c>; <c>gopkg.in/</c> paths must instead end in <c>.vN</c> (N ≥ 0, optionally followed by <c>-unstable</c>).</description></item>
    /// </list>
    /// <para>The first failing rule is reported; see <see cref="PathErrorKind"/> for the order.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid module path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckPath(string path) => Check(path, ModulePathKind.Module);

    /// <summary>Checks that <paramref name="path"/> is a valid module path; see <see cref="CheckPath(string)"/>.</summary>
    /// <param name="path">The module path.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid module path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckPath(ReadOnlySpan<char> path) => Check(path, ModulePathKind.Module);

    /// <summary>Checks that UTF-8 text is a valid module path; see <see cref="CheckPath(string)"/>.</summary>
    /// <param name="utf8Path">The module path as UTF-8 bytes.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="utf8Path"/> is not a valid module path (including not being valid UTF-8).</exception>
    public static void CheckPath(ReadOnlySpan<byte> utf8Path) => Check(utf8Path, ModulePathKind.Module);

    /// <summary>Checks a module path without throwing or allocating; see <see cref="CheckPath(string)"/>.</summary>
    /// <param name="path">The module path; an unpaired surrogate counts as invalid UTF-8.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckPath(ReadOnlySpan<char> path, out PathErrorKind reason) => TryCheck(path, ModulePathKind.Module, out reason);

    /// <summary>Checks UTF-8 text as a module path without throwing or allocating; see <see cref="CheckPath(string)"/>.</summary>
    /// <param name="utf8Path">The module path as UTF-8 bytes.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckPath(ReadOnlySpan<byte> utf8Path, out PathErrorKind reason) => TryCheck(utf8Path, ModulePathKind.Module, out reason);

    /// <summary>
    /// Checks that <paramref name="path"/> is a valid package import path, as Go's <c>module.CheckImportPath</c> does.
    /// </summary>
    /// <param name="path">The import path.</param>
    /// <remarks>
    /// <para>An import path is valid UTF-8, not empty, does not start with <c>-</c>, and consists of elements separated by
    /// single slashes (no leading or trailing slash). Each element:</para>
    /// <list type="bullet">
    /// <item><description>is not empty and not made of dots only, and does not end with a dot;</description></item>
    /// <item><description>uses only ASCII letters, digits and <c>- . _ ~ +</c>;</description></item>
    /// <item><description>up to its first dot, is not a reserved Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, in any case) and does not end in <c>~</c> followed by digits (a Windows short name).</description></item>
    /// </list>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid import path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckImportPath(string path) => Check(path, ModulePathKind.Import);

    /// <summary>Checks that <paramref name="path"/> is a valid import path; see <see cref="CheckImportPath(string)"/>.</summary>
    /// <param name="path">The import path.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid import path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckImportPath(ReadOnlySpan<char> path) => Check(path, ModulePathKind.Import);

    /// <summary>Checks that UTF-8 text is a valid import path; see <see cref="CheckImportPath(string)"/>.</summary>
    /// <param name="utf8Path">The import path as UTF-8 bytes.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="utf8Path"/> is not a valid import path (including not being valid UTF-8).</exception>
    public static void CheckImportPath(ReadOnlySpan<byte> utf8Path) => Check(utf8Path, ModulePathKind.Import);

    /// <summary>Checks an import path without throwing or allocating; see <see cref="CheckImportPath(string)"/>.</summary>
    /// <param name="path">The import path; an unpaired surrogate counts as invalid UTF-8.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckImportPath(ReadOnlySpan<char> path, out PathErrorKind reason) => TryCheck(path, ModulePathKind.Import, out reason);

    /// <summary>Checks UTF-8 text as an import path without throwing or allocating; see <see cref="CheckImportPath(string)"/>.</summary>
    /// <param name="utf8Path">The import path as UTF-8 bytes.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckImportPath(ReadOnlySpan<byte> utf8Path, out PathErrorKind reason) => TryCheck(utf8Path, ModulePathKind.Import, out reason);

    /// <summary>
    /// Checks that <paramref name="path"/> is a valid slash-separated file path inside a module, as Go's
    /// <c>module.CheckFilePath</c> does (module zips use this rule for every file name).
    /// </summary>
    /// <param name="path">The file path, with <c>/</c> separators.</param>
    /// <remarks>
    /// The rules are those of <see cref="CheckImportPath(string)"/> with three differences: a leading <c>-</c> is
    /// allowed; the allowed characters are ASCII letters and digits, the space character, the punctuation
    /// <c>! # $ % &amp; ( ) + , - . = @ [ ] ^ _ { } ~</c> and every non-ASCII Unicode letter (as classified by
    /// Unicode 13.0, the tables of Go 1.19); and Windows short names are not rejected.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid file path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckFilePath(string path) => Check(path, ModulePathKind.File);

    /// <summary>Checks that <paramref name="path"/> is a valid file path; see <see cref="CheckFilePath(string)"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid file path; <see cref="InvalidModulePathException.Reason"/> says why.</exception>
    public static void CheckFilePath(ReadOnlySpan<char> path) => Check(path, ModulePathKind.File);

    /// <summary>Checks that UTF-8 text is a valid file path; see <see cref="CheckFilePath(string)"/>.</summary>
    /// <param name="utf8Path">The file path as UTF-8 bytes (for example a zip entry name).</param>
    /// <exception cref="InvalidModulePathException"><paramref name="utf8Path"/> is not a valid file path (including not being valid UTF-8).</exception>
    public static void CheckFilePath(ReadOnlySpan<byte> utf8Path) => Check(utf8Path, ModulePathKind.File);

    /// <summary>Checks a file path without throwing or allocating; see <see cref="CheckFilePath(string)"/>.</summary>
    /// <param name="path">The file path; an unpaired surrogate counts as invalid UTF-8.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckFilePath(ReadOnlySpan<char> path, out PathErrorKind reason) => TryCheck(path, ModulePathKind.File, out reason);

    /// <summary>Checks UTF-8 text as a file path without throwing or allocating; see <see cref="CheckFilePath(string)"/>.</summary>
    /// <param name="utf8Path">The file path as UTF-8 bytes (for example a zip entry name).</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheckFilePath(ReadOnlySpan<byte> utf8Path, out PathErrorKind reason) => TryCheck(utf8Path, ModulePathKind.File, out reason);

    /// <summary>Checks a path of the given kind.</summary>
    /// <param name="path">The path.</param>
    /// <param name="kind">Which rules to apply.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> breaks a rule; <see cref="InvalidModulePathException.Reason"/> says which.</exception>
    public static void Check(string path, ModulePathKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = PathChecker.Check<char>(path, kind);
        if (!result.IsValid)
        {
            throw PathErrors.Create<char>(path, path, kind, result);
        }
    }

    /// <summary>Checks a path of the given kind.</summary>
    /// <param name="path">The path.</param>
    /// <param name="kind">Which rules to apply.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> breaks a rule; <see cref="InvalidModulePathException.Reason"/> says which.</exception>
    public static void Check(ReadOnlySpan<char> path, ModulePathKind kind)
    {
        var result = PathChecker.Check(path, kind);
        if (!result.IsValid)
        {
            throw PathErrors.Create(path, null, kind, result);
        }
    }

    /// <summary>Checks UTF-8 text as a path of the given kind.</summary>
    /// <param name="utf8Path">The path as UTF-8 bytes.</param>
    /// <param name="kind">Which rules to apply.</param>
    /// <exception cref="InvalidModulePathException"><paramref name="utf8Path"/> breaks a rule (including not being valid UTF-8).</exception>
    public static void Check(ReadOnlySpan<byte> utf8Path, ModulePathKind kind)
    {
        var result = PathChecker.Check(utf8Path, kind);
        if (!result.IsValid)
        {
            throw PathErrors.Create(utf8Path, null, kind, result);
        }
    }

    /// <summary>Checks a path of the given kind without throwing or allocating.</summary>
    /// <param name="path">The path; an unpaired surrogate counts as invalid UTF-8.</param>
    /// <param name="kind">Which rules to apply.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheck(ReadOnlySpan<char> path, ModulePathKind kind, out PathErrorKind reason)
    {
        reason = PathChecker.Check(path, kind).Kind;
        return reason == PathErrorKind.None;
    }

    /// <summary>Checks UTF-8 text as a path of the given kind without throwing or allocating.</summary>
    /// <param name="utf8Path">The path as UTF-8 bytes.</param>
    /// <param name="kind">Which rules to apply.</param>
    /// <param name="reason">The first rule the path breaks, or <see cref="PathErrorKind.None"/>.</param>
    /// <returns><see langword="true"/> when the path is valid.</returns>
    public static bool TryCheck(ReadOnlySpan<byte> utf8Path, ModulePathKind kind, out PathErrorKind reason)
    {
        reason = PathChecker.Check(utf8Path, kind).Kind;
        return reason == PathErrorKind.None;
    }
}
