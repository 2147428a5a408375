using System;
using System.Collections.Generic;
using GoModules.Kernel;
using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <content>
/// Editing: the directives change in place and the comments stay where they were, with the placement rules of
/// x/mod's <c>modfile</c> (which the go command uses to write go.mod), so that <see cref="Format"/> gives the same bytes
/// as <c>modfile.Format</c> after the same edits. Removals leave the syntax to <see cref="Cleanup"/>: call it once
/// after a run of edits and before <see cref="Format"/>, as the go command does.
/// </content>
public sealed partial class GoModFile
{
    /// <summary>Creates an empty go.mod file to fill with edits.</summary>
    /// <param name="fileName">The name to use in messages, such as <c>go.mod</c>.</param>
    /// <returns>A file with no directives.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is <see langword="null"/>.</exception>
    public static GoModFile Create(string fileName = "go.mod")
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return new GoModFile(new ModFileSyntax(fileName));
    }

    /// <summary>Formats the file in the standard layout, as x/mod's <c>modfile.Format</c>.</summary>
    /// <returns>The UTF-8 bytes of the go.mod file.</returns>
    public byte[] Format() => ModPrinter.Format(Syntax);

    /// <summary>
    /// Drops the lines that edits removed: a block left empty goes and a block left with one line becomes a single
    /// line (unless comments stand before its closing parenthesis).
    /// </summary>
    public void Cleanup() => ModSyntaxEditor.Cleanup(Syntax);

    /// <summary>Sets the module path: rewrites the <c>module</c> line, or adds one at the end of the file.</summary>
    /// <param name="path">The module path (quoted in the file when it must be).</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void SetModule(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Module is null)
        {
            Module = new GoModModule(path, string.Empty, 0) { Syntax = ModSyntaxEditor.AddLine(Syntax, null, "module", ModQuote.AutoQuote(path)) };
            return;
        }

        Module.Path = path;
        ModSyntaxEditor.UpdateLine(Module.Syntax, "module", ModQuote.AutoQuote(path));
    }

    /// <summary>Adds a comment block at the end of the file.</summary>
    /// <param name="text">The comment, including its leading <c>//</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public void AddComment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var block = new ModCommentBlock(default);
        block.Before.Add(new ModComment(default, text, suffix: false));
        Syntax.Statements.Add(block);
    }

    /// <summary>Sets the <c>go</c> line: rewrites it, or adds it after the <c>module</c> line (else at the end).</summary>
    /// <param name="version">A Go language version such as <c>1.21</c> or <c>1.22.3</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not a Go version.</exception>
    public void SetGoVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!GoVersionSyntax.IsValid(version))
        {
            throw new ArgumentException("invalid language version " + GoQuote.Quote(version.AsSpan()), nameof(version));
        }

        if (GoSyntax is null)
        {
            GoSyntax = ModSyntaxEditor.AddLine(Syntax, Module?.Syntax, "go", version);
        }
        else
        {
            ModSyntaxEditor.UpdateLine(GoSyntax, "go", version);
        }

        GoVersion = version;
    }

    /// <summary>Removes the <c>go</c> line.</summary>
    public void DropGoVersion()
    {
        GoSyntax?.MarkRemoved();
        GoSyntax = null;
        GoVersion = null;
    }

    /// <summary>Sets the <c>toolchain</c> line: rewrites it, or adds it after the <c>go</c> (else <c>module</c>) line.</summary>
    /// <param name="name">A toolchain name such as <c>go1.21.3</c>, or <c>default</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a toolchain name.</exception>
    public void SetToolchain(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!GoVersionSyntax.IsToolchainName(name))
        {
            throw new ArgumentException("invalid toolchain name " + GoQuote.Quote(name.AsSpan()), nameof(name));
        }

        if (ToolchainSyntax is null)
        {
            ToolchainSyntax = ModSyntaxEditor.AddLine(Syntax, GoSyntax ?? Module?.Syntax, "toolchain", name);
        }
        else
        {
            ModSyntaxEditor.UpdateLine(ToolchainSyntax, "toolchain", name);
        }

        Toolchain = name;
    }

    /// <summary>Removes the <c>toolchain</c> line.</summary>
    public void DropToolchain()
    {
        ToolchainSyntax?.MarkRemoved();
        ToolchainSyntax = null;
        Toolchain = null;
    }

    /// <summary>
    /// Sets a <c>godebug</c> key: the first line for the key is rewritten (its comments kept) and any other removed;
    /// without one, a line is added at the end of the last <c>godebug</c> block.
    /// </summary>
    /// <param name="key">The setting name.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void SetGodebug(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var found = false;
        GodebugList.RemoveAll(g =>
        {
            if (g.Key != key)
            {
                return false;
            }

            if (found)
            {
                g.Syntax.MarkRemoved();
                return true;
            }

            found = true;
            g.Value = value;
            ModSyntaxEditor.UpdateLine(g.Syntax, "godebug", key + "=" + value);
            return false;
        });
        if (!found)
        {
            var line = ModSyntaxEditor.AddLine(Syntax, null, "godebug", key + "=" + value);
            GodebugList.Add(new GoModGodebug(key, value, 0) { Syntax = line });
        }
    }

    /// <summary>Removes every <c>godebug</c> line for a key.</summary>
    /// <param name="key">The setting name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public void DropGodebug(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        GodebugList.RemoveAll(g => Drop(g.Key == key, g.Syntax));
    }

    /// <summary>
    /// Sets the required version of a module: the first requirement on the path is rewritten (its comments, including
    /// an <c>// indirect</c> marker, kept) and any other removed; without one, a requirement is added at the end of
    /// the last <c>require</c> block.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void AddRequire(string path, string version)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        var found = false;
        RequireList.RemoveAll(r =>
        {
            if (r.Path != path)
            {
                return false;
            }

            if (found)
            {
                r.Syntax!.MarkRemoved();
                return true;
            }

            found = true;
            r.Version = version;
            ModSyntaxEditor.UpdateLine(r.Syntax!, "require", ModQuote.AutoQuote(path), version);
            return false;
        });
        if (!found)
        {
            AddNewRequire(path, version, indirect: false);
        }
    }

    /// <summary>Adds a requirement at the end of the last <c>require</c> block, even when the path is already required.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <param name="indirect">Whether to mark it <c>// indirect</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void AddNewRequire(string path, string version, bool indirect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        var line = ModSyntaxEditor.AddLine(Syntax, null, "require", ModQuote.AutoQuote(path), version);
        var r = new GoModRequire(path, version, indirect: false, 0) { Syntax = line };
        ModRequireEditor.SetIndirect(r, indirect);
        RequireList.Add(r);
    }

    /// <summary>
    /// Makes the requirements exactly <paramref name="requirements"/>, in place: the first line of each path keeps
    /// its comments and gets the version and marker, other lines go, new paths are added to the last block, and the
    /// blocks are sorted (x/mod's <c>SetRequire</c>). Call <see cref="Cleanup"/> afterwards.
    /// </summary>
    /// <param name="requirements">The requirements; a path may repeat only with the same version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="requirements"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A path is given with two versions.</exception>
    public void SetRequire(IEnumerable<GoModRequire> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ModRequireEditor.SetRequire(this, [.. requirements]);
    }

    /// <summary>
    /// Makes the requirements exactly <paramref name="requirements"/> in the layout the go command writes since Go
    /// 1.17: direct requirements in one block and <c>// indirect</c> ones in another (x/mod's
    /// <c>SetRequireSeparateIndirect</c>). Existing lines keep their comments; a requirement moves between the two
    /// blocks when its marker changes; blocks with comments are left alone; a single uncommented block is split.
    /// Call <see cref="Cleanup"/> afterwards.
    /// </summary>
    /// <param name="requirements">The requirements (for a repeated path the last one counts).</param>
    /// <exception cref="ArgumentNullException"><paramref name="requirements"/> is <see langword="null"/>.</exception>
    public void SetRequireSeparateIndirect(IEnumerable<GoModRequire> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ModRequireBlocks.Set(this, [.. requirements], simplify: false);
    }

    /// <summary>
    /// Like <see cref="SetRequireSeparateIndirect"/>, but gathers every requirement into at most two blocks (one
    /// direct, one indirect), moving the blocks' comments with them (x/mod's <c>SetRequireAtMostTwo</c>).
    /// </summary>
    /// <param name="requirements">The requirements (for a repeated path the last one counts).</param>
    /// <exception cref="ArgumentNullException"><paramref name="requirements"/> is <see langword="null"/>.</exception>
    public void SetRequireAtMostTwo(IEnumerable<GoModRequire> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ModRequireBlocks.Set(this, [.. requirements], simplify: true);
    }

    /// <summary>Removes every requirement on a path.</summary>
    /// <param name="path">The module path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void DropRequire(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireList.RemoveAll(r => Drop(r.Path == path, r.Syntax!));
    }

    /// <summary>
    /// Adds an <c>exclude</c> (nothing when it is there already), after the last exclusion of the same path or else
    /// as its own line at the end of the file (as x/mod does).
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The canonical version, matching the path's major version.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The version is not canonical or does not fit the path.</exception>
    public void AddExclude(string path, string version)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        ModEditChecks.CheckCanonicalVersion(path, version);
        ModLine? hint = null;
        foreach (var x in ExcludeList)
        {
            if (x.Path == path && x.Version == version)
            {
                return;
            }

            if (x.Path == path)
            {
                hint = x.Syntax;
            }
        }

        var line = ModSyntaxEditor.AddLineNear(Syntax, hint, "exclude", ModQuote.AutoQuote(path), version);
        ExcludeList.Add(new GoModExclude(path, version, 0) { Syntax = line });
    }

    /// <summary>Removes the exclusion of a module version.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void DropExclude(string path, string version)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        ExcludeList.RemoveAll(x => Drop(x.Path == path && x.Version == version, x.Syntax));
    }

    private static bool Drop(bool match, ModLine line)
    {
        if (match)
        {
            line.MarkRemoved();
        }

        return match;
    }
}
