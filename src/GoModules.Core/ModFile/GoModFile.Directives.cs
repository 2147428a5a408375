using System;
using System.Collections.Generic;
using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <content>Editing the <c>replace</c>, <c>retract</c>, <c>tool</c> and <c>ignore</c> directives, and sorting blocks.</content>
public sealed partial class GoModFile
{
    /// <summary>
    /// Sets a replacement: the first <c>replace</c> of the old path (and version, when given) is rewritten and any
    /// other removed; without one, a line is added after the last replacement of the same path, else at the end of
    /// the file, as its own line (as x/mod does).
    /// </summary>
    /// <param name="oldPath">The module path replaced.</param>
    /// <param name="oldVersion">The version replaced, or the empty string for every version.</param>
    /// <param name="newPath">The replacement module path or directory.</param>
    /// <param name="newVersion">The replacement version, or the empty string for a directory.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>As in x/mod, a rewritten entry keeps its <see cref="GoModReplace.OldVersion"/> when
    /// <paramref name="oldVersion"/> is empty, although its line then names no version.</remarks>
    public void AddReplace(string oldPath, string oldVersion, string newPath, string newVersion)
    {
        ArgumentNullException.ThrowIfNull(oldPath);
        ArgumentNullException.ThrowIfNull(oldVersion);
        ArgumentNullException.ThrowIfNull(newPath);
        ArgumentNullException.ThrowIfNull(newVersion);
        var tokens = new List<string> { "replace", ModQuote.AutoQuote(oldPath) };
        if (oldVersion.Length > 0)
        {
            tokens.Add(oldVersion);
        }

        tokens.Add("=>");
        tokens.Add(ModQuote.AutoQuote(newPath));
        if (newVersion.Length > 0)
        {
            tokens.Add(newVersion);
        }

        var found = false;
        ModLine? hint = null;
        ReplaceList.RemoveAll(r =>
        {
            if (r.OldPath == oldPath && (oldVersion.Length == 0 || r.OldVersion == oldVersion))
            {
                if (found)
                {
                    r.Syntax.MarkRemoved();
                    return true;
                }

                found = true;
                r.NewPath = newPath;
                r.NewVersion = newVersion;
                ModSyntaxEditor.UpdateLine(r.Syntax, [.. tokens]);
                return false;
            }

            if (r.OldPath == oldPath)
            {
                hint = r.Syntax;
            }

            return false;
        });
        if (!found)
        {
            var line = ModSyntaxEditor.AddLineNear(Syntax, hint, [.. tokens]);
            ReplaceList.Add(new GoModReplace(oldPath, oldVersion, newPath, newVersion, 0) { Syntax = line });
        }
    }

    /// <summary>Removes the replacements of exactly this old path and version.</summary>
    /// <param name="oldPath">The module path replaced.</param>
    /// <param name="oldVersion">The version replaced, or the empty string.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void DropReplace(string oldPath, string oldVersion)
    {
        ArgumentNullException.ThrowIfNull(oldPath);
        ArgumentNullException.ThrowIfNull(oldVersion);
        ReplaceList.RemoveAll(r => Drop(r.OldPath == oldPath && r.OldVersion == oldVersion, r.Syntax));
    }

    /// <summary>
    /// Adds a <c>retract</c> line for a version or an interval at the end of the last <c>retract</c> block, with the
    /// rationale as comments before it (one <c>// </c> line per line of text).
    /// </summary>
    /// <param name="low">The lowest retracted version, canonical.</param>
    /// <param name="high">The highest retracted version; equal to <paramref name="low"/> for one version.</param>
    /// <param name="rationale">The rationale, or the empty string.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">A version is not canonical or does not fit the module path.</exception>
    /// <remarks>
    /// As x/mod's <c>AddRetract</c>, the line is added to the file but not to <see cref="Retract"/> (so
    /// <see cref="DropRetract"/> does not see it); parse the formatted file to list it.
    /// </remarks>
    public void AddRetract(string low, string high, string rationale)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(rationale);
        var path = Module?.Path ?? string.Empty;
        ModEditChecks.CheckCanonicalVersion(path, high);
        ModEditChecks.CheckCanonicalVersion(path, low);
        var line = low == high
            ? ModSyntaxEditor.AddLine(Syntax, null, "retract", ModQuote.AutoQuote(low))
            : ModSyntaxEditor.AddLine(Syntax, null, "retract", "[", ModQuote.AutoQuote(low), ",", ModQuote.AutoQuote(high), "]");
        if (rationale.Length > 0)
        {
            foreach (var text in rationale.Split('\n'))
            {
                line.Before.Add(new ModComment(default, "// " + text, suffix: false));
            }
        }
    }

    /// <summary>Removes the retractions of exactly this interval.</summary>
    /// <param name="low">The lowest version.</param>
    /// <param name="high">The highest version.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public void DropRetract(string low, string high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        RetractList.RemoveAll(r => Drop(r.Low == low && r.High == high, r.Syntax));
    }

    /// <summary>Adds a <c>tool</c> line (nothing when it is there), then sorts the blocks.</summary>
    /// <param name="path">The package path (written as given).</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void AddTool(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (ToolList.Exists(t => t.Path == path))
        {
            return;
        }

        ToolList.Add(new GoModTool(path, 0) { Syntax = ModSyntaxEditor.AddLine(Syntax, null, "tool", path) });
        SortBlocks();
    }

    /// <summary>Removes the <c>tool</c> lines of a package.</summary>
    /// <param name="path">The package path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void DropTool(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ToolList.RemoveAll(t => Drop(t.Path == path, t.Syntax));
    }

    /// <summary>Adds an <c>ignore</c> line (nothing when it is there), then sorts the blocks.</summary>
    /// <param name="path">The directory path (written as given).</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void AddIgnore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IgnoreList.Exists(t => t.Path == path))
        {
            return;
        }

        IgnoreList.Add(new GoModIgnore(path, 0) { Syntax = ModSyntaxEditor.AddLine(Syntax, null, "ignore", path) });
        SortBlocks();
    }

    /// <summary>Removes the <c>ignore</c> lines of a directory.</summary>
    /// <param name="path">The directory path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public void DropIgnore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IgnoreList.RemoveAll(t => Drop(t.Path == path, t.Syntax));
    }

    /// <summary>
    /// Removes repeated <c>exclude</c>, <c>tool</c> and <c>ignore</c> lines (the first stays) and repeated
    /// <c>replace</c> lines (the last stays), drops blocks without lines, then sorts each block stably: by tokens,
    /// <c>exclude</c> blocks by version when the <c>go</c> line is 1.21 or later, <c>retract</c> blocks newest first.
    /// </summary>
    public void SortBlocks()
    {
        RemoveDuplicates();
        var semanticExclude = GoVersion is not null && SemVer.Compare("v" + GoVersion, "v1.21") >= 0;
        foreach (var statement in Syntax.Statements)
        {
            if (statement is not ModLineBlock block)
            {
                continue;
            }

            Comparison<ModLine> order = block.Tokens[0] switch
            {
                "exclude" when semanticExclude => ModLineOrder.Exclude,
                "retract" => ModLineOrder.Retract,
                _ => ModLineOrder.ByTokens,
            };
            block.Lines = ModLineOrder.SortStable(block.Lines, order);
        }
    }

    private void RemoveDuplicates()
    {
        var killed = new HashSet<ModLine>();
        var excludes = new HashSet<(string, string)>();
        ExcludeList.RemoveAll(x => Kill(!excludes.Add((x.Path, x.Version)), x.Syntax, killed));
        var replaced = new HashSet<(string, string)>();
        for (var i = ReplaceList.Count - 1; i >= 0; i--)
        {
            var r = ReplaceList[i];
            if (!replaced.Add((r.OldPath, r.OldVersion)))
            {
                killed.Add(r.Syntax);
                ReplaceList.RemoveAt(i);
            }
        }

        var tools = new HashSet<string>(StringComparer.Ordinal);
        ToolList.RemoveAll(t => Kill(!tools.Add(t.Path), t.Syntax, killed));
        var ignores = new HashSet<string>(StringComparer.Ordinal);
        IgnoreList.RemoveAll(t => Kill(!ignores.Add(t.Path), t.Syntax, killed));
        ModSyntaxEditor.RemoveLines(Syntax, killed);
    }

    private static bool Kill(bool duplicate, ModLine line, HashSet<ModLine> killed)
    {
        if (duplicate)
        {
            killed.Add(line);
        }

        return duplicate;
    }
}
