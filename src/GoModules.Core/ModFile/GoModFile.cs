using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>
/// A parsed go.mod file: the module path and the <c>go</c>, <c>toolchain</c>, <c>godebug</c>, <c>require</c>,
/// <c>exclude</c>, <c>replace</c>, <c>retract</c>, <c>tool</c> and <c>ignore</c> directives, single or in
/// parenthesized blocks, with comments, quoted paths and the <c>// indirect</c> marker understood.
/// </summary>
/// <remarks>
/// <para>
/// The grammar and the messages are those of <c>golang.org/x/mod/modfile</c>; the set of directives is that of
/// the newest releases, so files written for Go 1.21–1.25 (<c>toolchain</c>, <c>go 1.21.0</c>,
/// <c>godebug</c>, <c>tool</c>, <c>ignore</c>) parse. Go 1.19 knows only <c>module</c>, <c>go</c>,
/// <c>require</c>, <c>exclude</c>, <c>replace</c> and <c>retract</c>, and its strict parser rejects the others;
/// both Go versions skip unknown directives in <see cref="GoModParseMode.Lax"/> mode.
/// </para>
/// <para>
/// Versions in <c>require</c>, <c>exclude</c> and <c>replace</c> must be semantic versions and are stored in
/// canonical form; the go command's own main-module parser can also resolve branch names through the network,
/// which this offline parser does not do. Module paths are kept as written: they are checked where they are used.
/// See <see href="https://go.dev/ref/mod#go-mod-file"/>.
/// </para>
/// </remarks>
public sealed partial class GoModFile
{
    internal GoModFile(ModFileSyntax syntax)
    {
        Syntax = syntax;
        FileName = syntax.Name;
    }

    /// <summary>Gets the file name given to the parser (used in messages).</summary>
    /// <value>The name.</value>
    public string FileName { get; }

    /// <summary>Gets the <c>module</c> directive.</summary>
    /// <value>The directive, or <see langword="null"/> when the file has none.</value>
    public GoModModule? Module { get; internal set; }

    /// <summary>Gets the version of the <c>go</c> directive, such as <c>1.19</c> or <c>1.21.0</c>.</summary>
    /// <value>The version, or <see langword="null"/> when the file has no <c>go</c> line.</value>
    public string? GoVersion { get; internal set; }

    /// <summary>Gets the name of the <c>toolchain</c> directive, such as <c>go1.21.3</c>.</summary>
    /// <value>The name, or <see langword="null"/> when absent (always absent in lax mode).</value>
    public string? Toolchain { get; internal set; }

    /// <summary>Gets the <c>godebug</c> settings in file order.</summary>
    /// <value>The settings.</value>
    public IReadOnlyList<GoModGodebug> Godebug => GodebugList;

    /// <summary>Gets the requirements in file order.</summary>
    /// <value>The requirements.</value>
    public IReadOnlyList<GoModRequire> Require => RequireList;

    /// <summary>Gets the exclusions in file order.</summary>
    /// <value>The exclusions.</value>
    public IReadOnlyList<GoModExclude> Exclude => ExcludeList;

    /// <summary>Gets the replacements in file order.</summary>
    /// <value>The replacements.</value>
    public IReadOnlyList<GoModReplace> Replace => ReplaceList;

    /// <summary>Gets the retractions in file order.</summary>
    /// <value>The retractions.</value>
    public IReadOnlyList<GoModRetract> Retract => RetractList;

    /// <summary>Gets the <c>tool</c> directives in file order.</summary>
    /// <value>The tools.</value>
    public IReadOnlyList<GoModTool> Tool => ToolList;

    /// <summary>Gets the <c>ignore</c> directives in file order.</summary>
    /// <value>The ignored directories.</value>
    public IReadOnlyList<GoModIgnore> Ignore => IgnoreList;

    /// <summary>Gets the syntax tree the directives point into; edits change it and <see cref="Format"/> prints it.</summary>
    internal ModFileSyntax Syntax { get; }

    /// <summary>Gets or sets the line of the <c>go</c> directive.</summary>
    internal ModLine? GoSyntax { get; set; }

    /// <summary>Gets or sets the line of the <c>toolchain</c> directive.</summary>
    internal ModLine? ToolchainSyntax { get; set; }

    internal List<GoModGodebug> GodebugList { get; } = [];

    internal List<GoModRequire> RequireList { get; } = [];

    internal List<GoModExclude> ExcludeList { get; } = [];

    internal List<GoModReplace> ReplaceList { get; } = [];

    internal List<GoModRetract> RetractList { get; } = [];

    internal List<GoModTool> ToolList { get; } = [];

    internal List<GoModIgnore> IgnoreList { get; } = [];

    /// <summary>Parses a go.mod file.</summary>
    /// <param name="fileName">The name to use in messages, such as <c>go.mod</c> or a full path.</param>
    /// <param name="data">The file's bytes (UTF-8).</param>
    /// <param name="mode">Strict for a main module, lax for a dependency.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    /// <exception cref="GoModParseException">
    /// The file has a syntax error (<c>unexpected newline in string</c>, an unterminated block, …)
    /// -or-
    /// a directive is unknown (strict mode) or malformed (<c>usage: require module/path v1.2.3</c>, a version that
    /// is not semantic, a major version that does not fit the path, …).
    /// </exception>
    public static GoModFile Parse(string fileName, ReadOnlySpan<byte> data, GoModParseMode mode = GoModParseMode.Strict)
    {
        if (!TryParse(fileName, data, mode, out var file, out var errors))
        {
            throw new GoModParseException(errors);
        }

        return file;
    }

    /// <summary>Parses a go.mod file without throwing for bad content.</summary>
    /// <param name="fileName">The name to use in messages.</param>
    /// <param name="data">The file's bytes (UTF-8).</param>
    /// <param name="mode">Strict for a main module, lax for a dependency.</param>
    /// <param name="file">The parsed file, or <see langword="null"/>.</param>
    /// <param name="errors">The problems found; empty on success.</param>
    /// <returns><see langword="true"/> when the file parsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    public static bool TryParse(
        string fileName,
        ReadOnlySpan<byte> data,
        GoModParseMode mode,
        [NotNullWhen(true)] out GoModFile? file,
        out IReadOnlyList<GoModError> errors)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (mode is not GoModParseMode.Strict and not GoModParseMode.Lax)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }

        ModFileSyntax syntax;
        try
        {
            syntax = ModParser.Parse(fileName, data);
        }
        catch (ModSyntaxException ex)
        {
            file = null;
            errors = [new GoModError(fileName, ex.Position.Line, ex.Position.LineRune, string.Empty, string.Empty, ex.Message)];
            return false;
        }

        var result = ModInterpreter.Interpret(syntax, mode == GoModParseMode.Strict, out var found);
        if (found.Count > 0)
        {
            file = null;
            errors = found;
            return false;
        }

        file = result;
        errors = [];
        return true;
    }

    /// <summary>
    /// Reports whether a <c>replace</c> target is a directory path rather than a module path: it starts with
    /// <c>./</c>, <c>../</c> or <c>/</c> (or their backslash forms) or a drive letter and colon.
    /// </summary>
    /// <param name="path">The replacement path.</param>
    /// <returns><see langword="true"/> for a directory path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static bool IsDirectoryPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path is "." or ".." || path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith("../", StringComparison.Ordinal)
            || path.StartsWith('/') || path.StartsWith(".\\", StringComparison.Ordinal)
            || path.StartsWith("..\\", StringComparison.Ordinal) || path.StartsWith('\\')
            || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':');
    }
}
