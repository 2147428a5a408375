using System;
using System.Collections.Generic;
using System.Globalization;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Gives the lines of a <see cref="ModFileSyntax"/> their meaning as go.mod directives, collecting every
/// directive error (the file is rejected when there is at least one).
/// </summary>
internal sealed partial class ModInterpreter
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
        var interpreter = new ModInterpreter(new GoModFile(syntax), strict);
        foreach (var statement in syntax.Statements)
        {
            switch (statement)
            {
                case ModLine line:
                    interpreter.Add(null, line, line.Tokens[0], new ModArgs(line));
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
                        interpreter.Add(block, line, block.Tokens[0], new ModArgs(line));
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

    private void Add(ModLineBlock? block, ModLine line, string verb, ModArgs args)
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

    private void AddGo(ModLine line, ModArgs args)
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
            args[0] = prefix;
        }

        _file.GoVersion = version;
        _file.GoSyntax = line;
    }

    private void AddToolchain(ModLine line, ModArgs args)
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
        _file.ToolchainSyntax = line;
    }

    private void AddModule(ModLineBlock? block, ModLine line, ModArgs args)
    {
        if (_file.Module is not null)
        {
            Error(line, SR.ModRepeatedModule);
            return;
        }

        var deprecated = ModComments.Deprecation(block, line);
        _file.Module = new GoModModule(string.Empty, deprecated, line.Start.Line) { Syntax = line };
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

        args[0] = ModQuote.AutoQuote(path);
        _file.Module = new GoModModule(path, deprecated, line.Start.Line) { Syntax = line };
    }

    private void AddGodebug(ModLine line, ModArgs args)
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

        _file.GodebugList.Add(new GoModGodebug(args[0][..eq], args[0][(eq + 1)..], line.Start.Line) { Syntax = line });
    }

    private void AddRequireOrExclude(ModLine line, string verb, ModArgs args)
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

        args[0] = ModQuote.AutoQuote(path);
        if (!TryParseVersion(line, verb, path, args[1], canonicalize: true, out var version))
        {
            return;
        }

        args[1] = version;

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
            _file.RequireList.Add(new GoModRequire(path, version, ModComments.IsIndirect(line), line.Start.Line) { Syntax = line });
        }
        else
        {
            _file.ExcludeList.Add(new GoModExclude(path, version, line.Start.Line) { Syntax = line });
        }
    }

    private void AddPathDirective(ModLine line, string verb, ModArgs args)
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

        args[0] = ModQuote.AutoQuote(path);
        if (verb == "tool")
        {
            _file.ToolList.Add(new GoModTool(path, line.Start.Line) { Syntax = line });
        }
        else
        {
            _file.IgnoreList.Add(new GoModIgnore(path, line.Start.Line) { Syntax = line });
        }
    }
}
