using System;
using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Rewrites the requirements of a <see cref="GoModFile"/> to a given list, keeping the comments and the block layout
/// as x/mod's <c>SetRequire</c> and <c>SetRequireSeparateIndirect</c> do (the go command writes go.mod with the
/// latter): existing lines are updated in place, lines for paths no longer required are removed, new ones are added.
/// </summary>
internal static class ModRequireEditor
{
    private const string IndirectComment = "// indirect";

    /// <summary>Sets a requirement's version on its line; in a block, a blank line just before it goes.</summary>
    public static void SetVersion(GoModRequire r, string version)
    {
        r.Version = version;
        var line = r.Syntax!;
        if (line.Removed)
        {
            return;
        }

        if (line.InBlock)
        {
            if (line.Before.Count == 1 && line.Before[0].Text.Length == 0)
            {
                line.Before = [];
            }

            if (line.Tokens.Count >= 2)
            {
                line.Tokens[1] = version;
            }
        }
        else if (line.Tokens.Count >= 3)
        {
            line.Tokens[2] = version;
        }
    }

    /// <summary>
    /// Adds or removes the <c>// indirect</c> marker: it is put in front of an existing end-of-line comment (as
    /// <c>// indirect; text</c>) and taken out of one without touching the rest.
    /// </summary>
    public static void SetIndirect(GoModRequire r, bool indirect)
    {
        r.Indirect = indirect;
        var line = r.Syntax!;
        if (ModComments.IsIndirect(line) == indirect)
        {
            return;
        }

        if (indirect)
        {
            if (line.Suffix.Count == 0)
            {
                line.Suffix = [new ModComment(default, IndirectComment, suffix: true)];
                return;
            }

            var first = line.Suffix[0];
            var text = CommentText(first.Text);
            line.Suffix[0] = new ModComment(first.Start, text.Length == 0 ? IndirectComment : "// indirect; " + text.ToString(), first.Suffix);
            return;
        }

        var comment = line.Suffix[0];
        if (CommentText(comment.Text).SequenceEqual("indirect"))
        {
            line.Suffix = [];
            return;
        }

        const string marker = "indirect;";
        var at = comment.Text.IndexOf(marker, StringComparison.Ordinal);
        line.Suffix[0] = new ModComment(comment.Start, "//" + comment.Text[(at + marker.Length)..], comment.Suffix);
    }

    /// <summary>x/mod's <c>SetRequire</c>: the first line of each wanted path is updated, the rest removed, new paths added.</summary>
    public static void SetRequire(GoModFile file, IReadOnlyList<GoModRequire> wanted)
    {
        var need = Need(wanted, failOnConflict: true);
        var kept = new List<GoModRequire>();
        foreach (var r in file.RequireList)
        {
            if (need.Remove(r.Path, out var want))
            {
                SetVersion(r, want.Version);
                SetIndirect(r, want.Indirect);
                kept.Add(r);
            }
            else
            {
                r.Syntax!.MarkRemoved();
            }
        }

        file.RequireList.Clear();
        file.RequireList.AddRange(kept);
        foreach (var want in wanted)
        {
            if (need.Remove(want.Path, out var last))
            {
                file.AddNewRequire(last.Path, last.Version, last.Indirect);
            }
        }

        file.SortBlocks();
    }

    private static Dictionary<string, GoModRequire> Need(IReadOnlyList<GoModRequire> wanted, bool failOnConflict)
    {
        var need = new Dictionary<string, GoModRequire>(StringComparer.Ordinal);
        foreach (var r in wanted)
        {
            if (failOnConflict && need.TryGetValue(r.Path, out var previous) && previous.Version != r.Version)
            {
                throw new ArgumentException(
                    $"conflicting versions for path {r.Path} ({previous.Version} and {r.Version})", nameof(wanted));
            }

            need[r.Path] = r;
        }

        return need;
    }

    /// <summary>The text of a comment after <c>//</c>, trimmed.</summary>
    internal static ReadOnlySpan<char> CommentText(string comment)
        => ModComments.TrimSpace(comment.StartsWith("//", StringComparison.Ordinal) ? comment.AsSpan(2) : comment.AsSpan());

    /// <summary>Whether a node has comments other than a lone <c>// indirect</c> at the end of its line.</summary>
    internal static bool HasComments(ModNode node)
        => node.Before.Count > 0 || node.Suffix.Count > 1
            || (node.Suffix.Count == 1 && !CommentText(node.Suffix[0].Text).SequenceEqual("indirect"));

    /// <summary>A wanted requirement: its path, version and marker, and the last one for a repeated path.</summary>
    internal static Dictionary<string, GoModRequire> NeedLastWins(IReadOnlyList<GoModRequire> wanted)
        => Need(wanted, failOnConflict: false);
}
