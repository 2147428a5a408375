using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Gives the lines of a <see cref="ModFileSyntax"/> their meaning as go.mod directives, collecting every
/// directive error (the file is rejected when there is at least one).
/// </summary>
internal sealed class ModInterpreter
{
    private readonly GoModFile _file;
    private readonly bool _strict;
    private readonly List<GoModError> _errors = [];

    private ModInterpreter(GoModFile file, bool strict)
    {
        _file = file;
        _strict = strict;
    }

    /// <summary>The block types that may hold directives.</summary>
    private static bool IsBlockVerb(string verb)
        => verb is "module" or "godebug" or "require" or "exclude" or "replace" or "retract" or "tool" or "ignore";

    public static GoModFile Interpret(ModFileSyntax syntax, bool strict, out List<GoModError> errors)
    {
        var interpreter = new ModInterpreter(new GoModFile(syntax.Name), strict);
        foreach (var statement in syntax.Statements)
        {
            switch (statement)
            {
                case ModLine line:
                    interpreter.Add(null, line, line.Tokens[0], line.Tokens.GetRange(1, line.Tokens.Count - 1));
                    break;
                case ModLineBlock block:
                    if (block.Tokens.Count > 1 || !IsBlockVerb(block.Tokens[0]))
                    {
                        if (strict)
                        {
                            interpreter._errors.Add(new GoModError(
                                syntax.Name,
                                block.Start.Line,
                                block.Start.LineRune,
                                string.Empty,
                                string.Empty,
                                Format(SR.ModUnknownBlock, string.Join(' ', block.Tokens))));
                        }

                        continue;
                    }

                    foreach (var line in block.Lines)
                    {
                        interpreter.Add(block, line, block.Tokens[0], [.. line.Tokens]);
                    }

                    break;
            }
        }

        errors = interpreter._errors;
        return interpreter._file;
    }

    private static string Format(string format, object? arg) => string.Format(CultureInfo.InvariantCulture, format, arg);

    private static string Format(string format, object? arg0, object? arg1)
        => string.Format(CultureInfo.InvariantCulture, format, arg0, arg1);

    private void Error(ModLine line, string reason, string verb = "", string modulePath = "")
        => _errors.Add(new GoModError(_file.FileName, line.Start.Line, line.Start.LineRune, verb, modulePath, reason));

    private void Add(ModLineBlock? block, ModLine line, string verb, List<string> args)
    {
        if (!_strict && verb is not ("go" or "module" or "retract" or "require" or "ignore"))
        {
            // A dependency's go.mod: main-module-only and unknown directives do not concern us.
            return;
        }

        switch (verb)
        {
            case "go":
                AddGo(line, args);
                break;
            case "toolchain":
                AddToolchain(line, args);
                break;
            case "module":
                AddModule(block, line, args);
                break;
            case "godebug":
                AddGodebug(line, args);
                break;
            case "require" or "exclude":
                AddRequireOrExclude(line, verb, args);
                break;
            case "replace":
                AddReplace(line, args);
                break;
            case "retract":
                AddRetract(block, line, args);
                break;
            case "tool" or "ignore":
                AddPathDirective(line, verb, args);
                break;
            default:
                Error(line, Format(SR.ModUnknownDirective, verb));
                break;
        }
    }

    private void AddGo(ModLine line, List<string> args)
    {
        if (_file.GoVersion is not null)
        {
            Error(line, SR.ModRepeatedGo);
            return;
        }

        if (args.Count != 1)
        {
            Error(line, SR.ModGoArgs);
            return;
        }

        var version = args[0];
        if (!GoVersionSyntax.IsValid(version))
        {
            if (_strict || !GoVersionSyntax.TryLaxPrefix(version, out var prefix))
            {
                Error(line, Format(SR.ModInvalidGoVersion, version));
                return;
            }

            version = prefix;
        }

        _file.GoVersion = version;
    }

    private void AddToolchain(ModLine line, List<string> args)
    {
        if (_file.Toolchain is not null)
        {
            Error(line, SR.ModRepeatedToolchain);
            return;
        }

        if (args.Count != 1)
        {
            Error(line, SR.ModToolchainArgs);
            return;
        }

        if (_strict && !GoVersionSyntax.IsToolchainName(args[0]))
        {
            Error(line, Format(SR.ModInvalidToolchain, args[0]));
            return;
        }

        _file.Toolchain = args[0];
    }

    private void AddModule(ModLineBlock? block, ModLine line, List<string> args)
    {
        if (_file.Module is not null)
        {
            Error(line, SR.ModRepeatedModule);
            return;
        }

        var deprecated = ModComments.Deprecation(block, line);
        _file.Module = new GoModModule(string.Empty, deprecated, line.Start.Line);
        if (args.Count != 1)
        {
            Error(line, SR.ModModuleUsage);
            return;
        }

        if (!TryParseString(args[0], out var path, out var reason))
        {
            Error(line, Format(SR.ModInvalidQuotedString, reason));
            return;
        }

        _file.Module = new GoModModule(path, deprecated, line.Start.Line);
    }

    private void AddGodebug(ModLine line, List<string> args)
    {
        if (args.Count != 1 || args[0].AsSpan().IndexOfAny("\"`',") >= 0)
        {
            Error(line, SR.ModGodebugUsage);
            return;
        }

        var eq = args[0].IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            Error(line, SR.ModGodebugUsage);
            return;
        }

        _file.GodebugList.Add(new GoModGodebug(args[0][..eq], args[0][(eq + 1)..], line.Start.Line));
    }

    private void AddRequireOrExclude(ModLine line, string verb, List<string> args)
    {
        if (args.Count != 2)
        {
            Error(line, Format(SR.ModRequireUsage, verb));
            return;
        }

        if (!TryParseString(args[0], out var path, out var reason))
        {
            Error(line, Format(SR.ModInvalidQuotedString, reason));
            return;
        }

        if (!TryParseVersion(line, verb, path, args[1], canonicalize: true, out var version))
        {
            return;
        }

        var (_, pathMajor, ok) = ModulePath.SplitPathVersion(path);
        if (!ok)
        {
            Error(line, SR.ModInvalidModulePath);
            return;
        }

        if (!ModulePath.MatchPathMajorCore(version, pathMajor, out var expected))
        {
            Error(line, InvalidVersion(version, ModulePath.MismatchReason(version, expected)), verb, path);
            return;
        }

        if (verb == "require")
        {
            _file.RequireList.Add(new GoModRequire(path, version, ModComments.IsIndirect(line), line.Start.Line));
        }
        else
        {
            _file.ExcludeList.Add(new GoModExclude(path, version, line.Start.Line));
        }
    }

    private void AddReplace(ModLine line, List<string> args)
    {
        const string verb = "replace";
        var arrow = args.Count >= 2 && args[1] == "=>" ? 1 : 2;
        if (args.Count < arrow + 2 || args.Count > arrow + 3 || args[arrow] != "=>")
        {
            Error(line, SR.ModReplaceUsage);
            return;
        }

        if (!TryParseString(args[0], out var oldPath, out var reason))
        {
            Error(line, Format(SR.ModInvalidQuotedString, reason));
            return;
        }

        var (_, pathMajor, ok) = ModulePath.SplitPathVersion(oldPath);
        if (!ok)
        {
            Error(line, SR.ModInvalidModulePath, verb, oldPath);
            return;
        }

        var oldVersion = string.Empty;
        if (arrow == 2)
        {
            if (!TryParseVersion(line, verb, oldPath, args[1], canonicalize: true, out oldVersion))
            {
                return;
            }

            if (!ModulePath.MatchPathMajorCore(oldVersion, pathMajor, out var expected))
            {
                Error(line, InvalidVersion(oldVersion, ModulePath.MismatchReason(oldVersion, expected)), verb, oldPath);
                return;
            }
        }

        if (!TryParseString(args[arrow + 1], out var newPath, out reason))
        {
            Error(line, Format(SR.ModInvalidQuotedString, reason));
            return;
        }

        var newVersion = string.Empty;
        if (args.Count == arrow + 2)
        {
            if (!GoModFile.IsDirectoryPath(newPath))
            {
                Error(line, newPath.Contains('@', StringComparison.Ordinal) ? SR.ModReplaceAtVersion : SR.ModReplaceNeedsDirectory);
                return;
            }

            if (Path.DirectorySeparatorChar == '/' && newPath.Contains('\\', StringComparison.Ordinal))
            {
                Error(line, SR.ModReplaceWindowsPath);
                return;
            }
        }
        else
        {
            if (!TryParseVersion(line, verb, newPath, args[arrow + 2], canonicalize: true, out newVersion))
            {
                return;
            }

            if (GoModFile.IsDirectoryPath(newPath))
            {
                Error(line, Format(SR.ModReplaceDirectoryVersion, GoQuote.Quote(newPath.AsSpan())));
                return;
            }
        }

        _file.ReplaceList.Add(new GoModReplace(oldPath, oldVersion, newPath, newVersion, line.Start.Line));
    }

    private void AddRetract(ModLineBlock? block, ModLine line, List<string> args)
    {
        const string verb = "retract";
        var rationale = ModComments.DirectiveComment(block, line);
        var errorCount = _errors.Count;
        if (!TryParseInterval(line, args, out var low, out var high, out var rest))
        {
            if (!_strict)
            {
                // Lax mode skips retractions it cannot read: later Go releases may add interval syntax.
                _errors.RemoveRange(errorCount, _errors.Count - errorCount);
            }

            return;
        }

        if (rest < args.Count && _strict)
        {
            Error(line, Format(SR.ModRetractTrailing, GoQuote.Quote(args[rest].AsSpan())));
            return;
        }

        _ = verb;
        _file.RetractList.Add(new GoModRetract(low, high, rationale, line.Start.Line));
    }

    private bool TryParseInterval(ModLine line, List<string> args, out string low, out string high, out int rest)
    {
        const string verb = "retract";
        low = high = string.Empty;
        rest = 0;
        if (args.Count == 0 || args[0] == "(")
        {
            Error(line, SR.ModRetractExpectedOpen);
            return false;
        }

        if (args[0] != "[")
        {
            if (!TryParseVersion(line, verb, string.Empty, args[0], canonicalize: false, out low))
            {
                return false;
            }

            high = low;
            rest = 1;
            return true;
        }

        if (args.Count < 2)
        {
            Error(line, SR.ModRetractVersionAfterOpen);
            return false;
        }

        if (!TryParseVersion(line, verb, string.Empty, args[1], canonicalize: false, out low))
        {
            return false;
        }

        if (args.Count < 3 || args[2] != ",")
        {
            Error(line, SR.ModRetractExpectedComma);
            return false;
        }

        if (args.Count < 4)
        {
            Error(line, SR.ModRetractVersionAfterComma);
            return false;
        }

        if (!TryParseVersion(line, verb, string.Empty, args[3], canonicalize: false, out high))
        {
            return false;
        }

        if (args.Count < 5 || args[4] != "]")
        {
            Error(line, SR.ModRetractExpectedClose);
            return false;
        }

        rest = 5;
        return true;
    }

    private void AddPathDirective(ModLine line, string verb, List<string> args)
    {
        if (args.Count != 1)
        {
            Error(line, verb == "tool" ? SR.ModToolArgs : SR.ModIgnoreArgs);
            return;
        }

        if (!TryParseString(args[0], out var path, out var reason))
        {
            Error(line, Format(SR.ModInvalidQuotedString, reason));
            return;
        }

        if (verb == "tool")
        {
            _file.ToolList.Add(new GoModTool(path, line.Start.Line));
        }
        else
        {
            _file.IgnoreList.Add(new GoModIgnore(path, line.Start.Line));
        }
    }

    private static string InvalidVersion(string version, string reason)
        => Format(SR.ModInvalidVersion, GoQuote.Quote(version.AsSpan()), reason);

    /// <summary>
    /// Reads a version token: unquotes it and, when <paramref name="canonicalize"/> is set, requires a semantic
    /// version and returns its canonical form (Go's <c>parseVersion</c> without a fixer). Retractions take the
    /// token as written.
    /// </summary>
    private bool TryParseVersion(ModLine line, string verb, string path, string token, bool canonicalize, out string version)
    {
        if (!TryParseString(token, out var text, out var reason))
        {
            Error(line, InvalidVersion(token, reason), verb, path);
            version = string.Empty;
            return false;
        }

        if (!canonicalize)
        {
            version = text;
            return true;
        }

        var canonical = SemVer.CanonicalModuleVersion(text);
        if (canonical.Length == 0)
        {
            Error(line, InvalidVersion(text, SR.ModVersionForm), verb, path);
            version = string.Empty;
            return false;
        }

        version = canonical;
        return true;
    }

    /// <summary>
    /// Go's <c>parseString</c>: a token starting with a double quote is unquoted; any other token must not
    /// contain a quote character (so back-quoted tokens are refused here, although the lexer accepts them).
    /// </summary>
    internal static bool TryParseString(string token, out string value, out string reason)
    {
        if (token.StartsWith('"'))
        {
            var unquoted = GoStringLiteral.Unquote(token);
            if (unquoted is null)
            {
                value = string.Empty;
                reason = SR.ModInvalidSyntax;
                return false;
            }

            value = unquoted;
            reason = string.Empty;
            return true;
        }

        if (token.AsSpan().IndexOfAny("\"'`") >= 0)
        {
            value = string.Empty;
            reason = SR.ModUnquotedQuote;
            return false;
        }

        value = token;
        reason = string.Empty;
        return true;
    }
}
