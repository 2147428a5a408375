using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>
/// x/mod's <c>SetRequireSeparateIndirect</c> (and <c>SetRequireAtMostTwo</c>, its <c>simplify</c> form): the
/// requirements end up in two blocks, the last uncommented all-direct block and the last uncommented all-indirect
/// block (made when missing), with a requirement moved between them when its marker changes. Blocks with comments
/// are left where they are, unless the file had a single uncommented block, which is split.
/// </summary>
internal sealed class ModRequireBlocks
{
    private readonly GoModFile _file;
    private readonly List<ModNode> _statements;
    private readonly Dictionary<ModLine, ModLineBlock> _lineToBlock = new(ReferenceEqualityComparer.Instance);
    private readonly List<ModComment> _directBlockComments = [];
    private readonly List<ModComment> _indirectBlockComments = [];
    private int _lastDirectIndex = -1;
    private int _lastIndirectIndex = -1;
    private int _lastRequireIndex = -1;
    private int _requireStatements;

    private ModRequireBlocks(GoModFile file)
    {
        _file = file;
        _statements = file.Syntax.Statements;
    }

    public static void Set(GoModFile file, IReadOnlyList<GoModRequire> wanted, bool simplify)
        => new ModRequireBlocks(file).Run(wanted, simplify);

    private void Run(IReadOnlyList<GoModRequire> wanted, bool simplify)
    {
        var need = ModRequireEditor.NeedLastWins(wanted);
        var lineIndirect = new Dictionary<ModLine, bool>(ReferenceEqualityComparer.Instance);
        foreach (var r in _file.RequireList)
        {
            if (need.TryGetValue(r.Path, out var n))
            {
                lineIndirect[r.Syntax!] = n.Indirect;
            }
        }

        Survey(lineIndirect, simplify);
        var oneFlatUncommentedBlock = _requireStatements == 1 && !ModRequireEditor.HasComments(_statements[_lastRequireIndex]);

        ModLineBlock directBlock;
        if (_lastDirectIndex < 0)
        {
            if (_lastIndirectIndex >= 0)
            {
                _lastDirectIndex = _lastIndirectIndex;
                _lastIndirectIndex++;
            }
            else
            {
                _lastDirectIndex = _lastRequireIndex >= 0 ? _lastRequireIndex + 1 : _statements.Count;
            }

            directBlock = InsertBlock(_lastDirectIndex);
        }
        else
        {
            directBlock = EnsureBlock(_lastDirectIndex);
        }

        ModLineBlock indirectBlock;
        if (_lastIndirectIndex < 0)
        {
            _lastIndirectIndex = _lastDirectIndex + 1;
            indirectBlock = InsertBlock(_lastIndirectIndex);
        }
        else
        {
            indirectBlock = EnsureBlock(_lastIndirectIndex);
        }

        if (simplify)
        {
            directBlock.Before.AddRange(_directBlockComments);
            indirectBlock.Before.AddRange(_indirectBlockComments);
        }

        // Update or drop what is there; move a requirement whose marker no longer fits its block.
        var have = new Dictionary<string, GoModRequire>(System.StringComparer.Ordinal);
        var kept = new List<GoModRequire>();
        foreach (var r in _file.RequireList)
        {
            if (!need.TryGetValue(r.Path, out var want) || have.ContainsKey(r.Path))
            {
                r.Syntax!.MarkRemoved();
                continue;
            }

            have[r.Path] = r;
            kept.Add(r);
            ModRequireEditor.SetVersion(r, want.Version);
            ModRequireEditor.SetIndirect(r, want.Indirect);
            var block = _lineToBlock.GetValueOrDefault(r.Syntax!);
            if (want.Indirect && (simplify || oneFlatUncommentedBlock || block == directBlock))
            {
                Move(r, indirectBlock);
            }
            else if (!want.Indirect && (simplify || oneFlatUncommentedBlock || block == indirectBlock))
            {
                Move(r, directBlock);
            }
        }

        _file.RequireList.Clear();
        _file.RequireList.AddRange(kept);
        foreach (var want in wanted)
        {
            if (!have.ContainsKey(want.Path) && need.Remove(want.Path, out var last))
            {
                var r = new GoModRequire(last.Path, last.Version, last.Indirect);
                Move(r, last.Indirect ? indirectBlock : directBlock);
                _file.RequireList.Add(r);
            }
        }

        _file.SortBlocks();
    }

    /// <summary>Finds the last require statements of each kind, the number of them, and the block of each line.</summary>
    private void Survey(Dictionary<ModLine, bool> lineIndirect, bool simplify)
    {
        for (var i = 0; i < _statements.Count; i++)
        {
            switch (_statements[i])
            {
                case ModLine line when !line.Removed && line.Tokens[0] == "require":
                    _lastRequireIndex = i;
                    _requireStatements++;
                    if (!ModRequireEditor.HasComments(line))
                    {
                        if (ModComments.IsIndirect(line))
                        {
                            _lastIndirectIndex = i;
                        }
                        else
                        {
                            _lastDirectIndex = i;
                        }
                    }

                    break;
                case ModLineBlock block when block.Tokens[0] == "require":
                    _lastRequireIndex = i;
                    _requireStatements++;
                    SurveyBlock(block, i, lineIndirect, simplify);
                    break;
            }
        }
    }

    private void SurveyBlock(ModLineBlock block, int index, Dictionary<ModLine, bool> lineIndirect, bool simplify)
    {
        var allDirect = block.Lines.Count > 0 && !ModRequireEditor.HasComments(block);
        var allIndirect = allDirect;
        foreach (var line in block.Lines)
        {
            _lineToBlock[line] = block;
            if (ModRequireEditor.HasComments(line))
            {
                allDirect = false;
                allIndirect = false;
            }
            else if (ModComments.IsIndirect(line))
            {
                allDirect = false;
            }
            else
            {
                allIndirect = false;
            }
        }

        if (allDirect)
        {
            _lastDirectIndex = index;
        }

        if (allIndirect)
        {
            _lastIndirectIndex = index;
        }

        if (!simplify)
        {
            return;
        }

        // The block's own comments move to the block its requirements go to.
        var anyDirect = block.Lines.Exists(l => lineIndirect.TryGetValue(l, out var indirect) && !indirect);
        var target = !anyDirect && block.Lines.Count > 0 ? _indirectBlockComments : _directBlockComments;
        if (target.Count > 0 && block.Before.Count > 0)
        {
            target.Add(new ModComment(default, "//", suffix: false));
        }

        target.AddRange(block.Before);
        block.Before = [];
    }

    private ModLineBlock InsertBlock(int index)
    {
        var block = new ModLineBlock(["require"]);
        _statements.Insert(index, block);
        return block;
    }

    private ModLineBlock EnsureBlock(int index)
    {
        if (_statements[index] is ModLineBlock block)
        {
            return block;
        }

        var line = (ModLine)_statements[index];
        block = new ModLineBlock(["require"]);
        block.Lines.Add(line);
        line.Tokens = line.Tokens.GetRange(1, line.Tokens.Count - 1);
        line.InBlock = true;
        _statements[index] = block;
        return block;
    }

    /// <summary>
    /// Puts a requirement at the end of a block: a new line for a new requirement, else a copy of its line (with the
    /// comments) while the old line is emptied for the cleanup to drop.
    /// </summary>
    private static void Move(GoModRequire r, ModLineBlock block)
    {
        ModLine line;
        if (r.Syntax is null)
        {
            line = new ModLine([ModQuote.AutoQuote(r.Path), r.Version], inBlock: true);
            r.Syntax = line;
            if (r.Indirect)
            {
                ModRequireEditor.SetIndirect(r, true);
            }
        }
        else
        {
            var old = r.Syntax;
            var tokens = !old.InBlock && old.Tokens.Count > 0 && old.Tokens[0] == "require"
                ? old.Tokens.GetRange(1, old.Tokens.Count - 1)
                : [.. old.Tokens];
            line = new ModLine(old.Start, tokens, old.End, inBlock: true) { Before = [.. old.Before], Suffix = [.. old.Suffix] };
            old.Tokens = [];
            r.Syntax = line;
        }

        line.InBlock = true;
        block.Lines.Add(line);
    }
}
