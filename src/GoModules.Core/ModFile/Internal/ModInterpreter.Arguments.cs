using System;
using System.IO;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <content>
/// The directives with structured arguments, <c>replace</c> and <c>retract</c>, and the readers of quoted strings,
/// versions and version intervals that every directive uses.
/// </content>
internal sealed partial class ModInterpreter
{
    private void AddReplace(ModLine line, ModArgs args)
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

        args[0] = ModQuote.AutoQuote(oldPath);
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

            args[1] = oldVersion;
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

        args[arrow + 1] = ModQuote.AutoQuote(newPath);
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

            args[arrow + 2] = newVersion;

            if (GoModFile.IsDirectoryPath(newPath))
            {
                Error(line, Format(SR.ModReplaceDirectoryVersion, GoQuote.Quote(newPath.AsSpan())));
                return;
            }
        }

        _file.ReplaceList.Add(new GoModReplace(oldPath, oldVersion, newPath, newVersion, line.Start.Line) { Syntax = line });
    }

    private void AddRetract(ModLineBlock? block, ModLine line, ModArgs args)
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
        _file.RetractList.Add(new GoModRetract(low, high, rationale, line.Start.Line) { Syntax = line });
    }

    private bool TryParseInterval(ModLine line, ModArgs args, out string low, out string high, out int rest)
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

            args[0] = low;

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

        args[1] = low;

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

        args[3] = high;

        if (args.Count < 5 || args[4] != "]")
        {
            Error(line, SR.ModRetractExpectedClose);
            return false;
        }

        rest = 5;
        return true;
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
