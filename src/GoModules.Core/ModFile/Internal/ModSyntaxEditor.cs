using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Edits of a <see cref="ModFileSyntax"/> that keep its comments and blocks: adding a line next to its kind, rewriting
/// a line's tokens, and cleaning up after removals. The placement rules are those of x/mod's <c>modfile</c>, so an
/// edited file prints as the go command would write it.
/// </summary>
internal static class ModSyntaxEditor
{
    /// <summary>
    /// Adds a line with <paramref name="tokens"/> (verb first) and returns it. With a hint of the same verb the line
    /// goes at the end of the hint's block (a single hint line first becomes a block) or right after the hint inside
    /// its block; with a hint of another verb it goes after the hint's statement; without a hint it goes at the end
    /// of the last statement of the same verb, else at the end of the file.
    /// </summary>
    public static ModLine AddLine(ModFileSyntax syntax, ModNode? hint, params string[] tokens)
    {
        hint ??= LastOfVerb(syntax.Statements, tokens[0]);
        return AddLineNear(syntax, hint, tokens);
    }

    /// <summary>
    /// As <see cref="AddLine"/>, but without a hint the line goes at the end of the file: x/mod's <c>AddExclude</c>
    /// and <c>AddReplace</c> pass their hint as a typed nil, which never finds the last block of the verb.
    /// </summary>
    public static ModLine AddLineNear(ModFileSyntax syntax, ModNode? hint, params string[] tokens)
    {
        var statements = syntax.Statements;
        if (hint is not null)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                switch (statements[i])
                {
                    case ModLine line when ReferenceEquals(line, hint):
                        if (line.Removed || line.Tokens[0] != tokens[0])
                        {
                            return InsertAfter(statements, i, tokens);
                        }

                        // The hint becomes the first line of a new block.
                        line.InBlock = true;
                        var made = new ModLineBlock([line.Tokens[0]]);
                        line.Tokens = line.Tokens.GetRange(1, line.Tokens.Count - 1);
                        made.Lines.Add(line);
                        statements[i] = made;
                        return Append(made, tokens);
                    case ModLineBlock block when ReferenceEquals(block, hint):
                        return block.Tokens[0] != tokens[0] ? InsertAfter(statements, i, tokens) : Append(block, tokens);
                    case ModLineBlock block:
                        var at = block.Lines.FindIndex(l => ReferenceEquals(l, hint));
                        if (at < 0)
                        {
                            continue;
                        }

                        if (block.Tokens[0] != tokens[0])
                        {
                            return InsertAfter(statements, i, tokens);
                        }

                        var added = new ModLine(Rest(tokens), inBlock: true);
                        block.Lines.Insert(at + 1, added);
                        return added;
                }
            }
        }

        var appended = new ModLine([.. tokens], inBlock: false);
        statements.Add(appended);
        return appended;
    }

    /// <summary>Replaces a line's tokens (verb first; the verb is dropped for a line in a block).</summary>
    public static void UpdateLine(ModLine line, params string[] tokens)
        => line.Tokens = line.InBlock ? Rest(tokens) : [.. tokens];

    /// <summary>
    /// Drops removed lines; a block left empty goes, and a block left with one line and no comments before its
    /// closing parenthesis becomes a single line that keeps the block's comments.
    /// </summary>
    public static void Cleanup(ModFileSyntax syntax)
    {
        var kept = new List<ModNode>(syntax.Statements.Count);
        foreach (var statement in syntax.Statements)
        {
            switch (statement)
            {
                case ModLine line when line.Removed:
                    continue;
                case ModLineBlock block:
                    block.Lines.RemoveAll(l => l.Removed);
                    if (block.Lines.Count == 0)
                    {
                        continue;
                    }

                    if (block.Lines.Count == 1 && block.RParen.Before.Count == 0)
                    {
                        // The line object stays the same, so the directives that point at it keep doing so.
                        var only = block.Lines[0];
                        only.Tokens = [.. block.Tokens, .. only.Tokens];
                        only.InBlock = false;
                        only.Before = [.. block.Before, .. only.Before];
                        only.Suffix = [.. only.Suffix, .. block.Suffix];
                        kept.Add(only);
                        continue;
                    }

                    break;
            }

            kept.Add(statement);
        }

        syntax.Statements = kept;
    }

    /// <summary>
    /// Takes <paramref name="killed"/> lines out of the tree at once (blocks left without lines go too, even those
    /// that were empty before).
    /// </summary>
    public static void RemoveLines(ModFileSyntax syntax, HashSet<ModLine> killed)
    {
        var kept = new List<ModNode>(syntax.Statements.Count);
        foreach (var statement in syntax.Statements)
        {
            switch (statement)
            {
                case ModLine line when killed.Contains(line):
                    continue;
                case ModLineBlock block:
                    block.Lines.RemoveAll(killed.Contains);
                    if (block.Lines.Count == 0)
                    {
                        continue;
                    }

                    break;
            }

            kept.Add(statement);
        }

        syntax.Statements = kept;
    }

    private static ModNode? LastOfVerb(List<ModNode> statements, string verb)
    {
        for (var i = statements.Count - 1; i >= 0; i--)
        {
            switch (statements[i])
            {
                case ModLine line when !line.Removed && line.Tokens[0] == verb:
                    return line;
                case ModLineBlock block when block.Tokens[0] == verb:
                    return block;
            }
        }

        return null;
    }

    private static ModLine InsertAfter(List<ModNode> statements, int index, string[] tokens)
    {
        var line = new ModLine([.. tokens], inBlock: false);
        statements.Insert(index + 1, line);
        return line;
    }

    private static ModLine Append(ModLineBlock block, string[] tokens)
    {
        var line = new ModLine(Rest(tokens), inBlock: true);
        block.Lines.Add(line);
        return line;
    }

    private static List<string> Rest(string[] tokens) => [.. tokens[1..]];
}
