using System;
using System.Collections.Generic;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Turns go.mod bytes into a <see cref="ModFileSyntax"/>: statements, blocks and comments, from the tokens of a
/// <see cref="ModLexer"/>. It knows nothing of directives; <see cref="ModInterpreter"/> gives the lines their meaning.
/// </summary>
/// <remarks>
/// A comment alone on its line is a statement-level comment; one after tokens is a suffix comment attached, once the
/// file is read, to the node it follows. The first syntax error stops parsing, as in Go.
/// </remarks>
internal sealed class ModParser
{
    private readonly string _fileName;
    private readonly ModLexer _lexer;
    private readonly ModFileSyntax _file;

    private ModParser(string fileName, byte[] data)
    {
        _fileName = fileName;
        _lexer = new ModLexer(data);
        _file = new ModFileSyntax(fileName);
    }

    /// <summary>Parses the syntax of a go.mod file.</summary>
    /// <exception cref="ModSyntaxException">The text is not well formed.</exception>
    public static ModFileSyntax Parse(string fileName, ReadOnlySpan<byte> data)
    {
        var parser = new ModParser(fileName, data.ToArray());
        parser._lexer.ReadToken();
        parser.ParseFile();
        parser.AssignComments();
        return parser._file;
    }

    private void ParseFile()
    {
        ModCommentBlock? commentBlock = null;
        while (true)
        {
            switch (_lexer.Peek())
            {
                case '\n':
                    _lexer.Lex();
                    if (commentBlock is not null)
                    {
                        _file.Statements.Add(commentBlock);
                        commentBlock = null;
                    }

                    break;
                case ModToken.Comment:
                    var tok = _lexer.Lex();
                    commentBlock ??= new ModCommentBlock(tok.Pos);
                    commentBlock.Before.Add(new ModComment(tok.Pos, tok.Text, suffix: false));
                    break;
                case ModToken.Eof:
                    if (commentBlock is not null)
                    {
                        _file.Statements.Add(commentBlock);
                    }

                    return;
                default:
                    ParseStatement();
                    if (commentBlock is not null)
                    {
                        _file.Statements[^1].Before = commentBlock.Before;
                        commentBlock = null;
                    }

                    break;
            }
        }
    }

    private void ParseStatement()
    {
        var tok = _lexer.Lex();
        var start = tok.Pos;
        var end = tok.EndPos;
        var tokens = new List<string> { tok.Text };
        while (true)
        {
            tok = _lexer.Lex();
            if (ModToken.IsEol(tok.Kind))
            {
                _file.Statements.Add(new ModLine(start, tokens, end, inBlock: false));
                return;
            }

            if (tok.Kind == '(')
            {
                var next = _lexer.Peek();
                if (ModToken.IsEol(next))
                {
                    _file.Statements.Add(ParseLineBlock(start, tokens, tok));
                    return;
                }

                if (next == ')')
                {
                    var rparen = _lexer.Lex();
                    if (ModToken.IsEol(_lexer.Peek()))
                    {
                        // An empty block: "require ()".
                        _lexer.Lex();
                        var block = new ModLineBlock(start, tokens, new ModParen(tok.Pos));
                        block.RParen.Position = rparen.Pos;
                        _file.Statements.Add(block);
                        return;
                    }

                    tokens.Add(tok.Text);
                    tokens.Add(rparen.Text);
                }
                else
                {
                    tokens.Add(tok.Text);
                }

                continue;
            }

            tokens.Add(tok.Text);
            end = tok.EndPos;
        }
    }

    private ModLineBlock ParseLineBlock(ModPosition start, List<string> tokens, ModToken lparen)
    {
        var block = new ModLineBlock(start, tokens, new ModParen(lparen.Pos));
        var comments = new List<ModComment>();
        while (true)
        {
            switch (_lexer.Peek())
            {
                case ModToken.EolComment:
                    // Attached later by AssignComments.
                    _lexer.Lex();
                    break;
                case '\n':
                    // Keep a blank line as an empty comment, unless it would be the first thing in the block
                    // or follow another blank line.
                    _lexer.Lex();
                    if ((comments.Count == 0 && block.Lines.Count > 0) || (comments.Count > 0 && comments[^1].Text.Length != 0))
                    {
                        comments.Add(new ModComment(default, string.Empty, suffix: false));
                    }

                    break;
                case ModToken.Comment:
                    var tok = _lexer.Lex();
                    comments.Add(new ModComment(tok.Pos, tok.Text, suffix: false));
                    break;
                case ModToken.Eof:
                    throw _lexer.Error(PathErrors.Format(SR.ModUnterminatedBlock, _fileName, block.Start.Line, block.Start.LineRune));
                case ')':
                    var rparen = _lexer.Lex();

                    // A blank line just before the closing parenthesis is not kept.
                    if (comments.Count == 1 && comments[0].Text.Length == 0)
                    {
                        comments = [];
                    }

                    block.RParen.Before = comments;
                    block.RParen.Position = rparen.Pos;
                    if (!ModToken.IsEol(_lexer.Peek()))
                    {
                        throw _lexer.Error(SR.ModNewlineAfterParen);
                    }

                    _lexer.Lex();
                    return block;
                default:
                    var line = ParseLine();
                    block.Lines.Add(line);
                    line.Before = comments;
                    comments = [];
                    break;
            }
        }
    }

    private ModLine ParseLine()
    {
        var tok = _lexer.Lex();
        if (ModToken.IsEol(tok.Kind))
        {
            throw _lexer.Error("internal parse error: parseLine at end of line");
        }

        var start = tok.Pos;
        var end = tok.EndPos;
        var tokens = new List<string> { tok.Text };
        while (true)
        {
            tok = _lexer.Lex();
            if (ModToken.IsEol(tok.Kind))
            {
                return new ModLine(start, tokens, end, inBlock: true);
            }

            tokens.Add(tok.Text);
            end = tok.EndPos;
        }
    }

    /// <summary>
    /// Gives each suffix comment to the latest node, in post-order, that ends before the comment and starts and
    /// ends on one line. Whole-line comments were already attached by the grammar.
    /// </summary>
    private void AssignComments()
    {
        var post = new List<ModNode>();
        foreach (var statement in _file.Statements)
        {
            if (statement is ModLineBlock block)
            {
                post.Add(block.LParen);
                post.AddRange(block.Lines);
                post.Add(block.RParen);
            }

            post.Add(statement);
        }

        var pending = _lexer.SuffixComments;
        for (var i = post.Count - 1; i >= 0 && pending.Count > 0; i--)
        {
            var node = post[i];
            var start = node.Start;
            var end = node.End;
            if (start.Line != end.Line)
            {
                continue;
            }

            var taken = 0;
            while (pending.Count > 0 && end.Byte <= pending[^1].Start.Byte)
            {
                node.Suffix.Add(pending[^1]);
                pending.RemoveAt(pending.Count - 1);
                taken++;
            }

            if (taken > 1)
            {
                node.Suffix.Reverse();
            }
        }

        _file.Before.AddRange(pending);
    }
}
