using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Turns go.mod bytes into a <see cref="ModFileSyntax"/>: statements, blocks and comments. It knows
/// nothing of directives; <see cref="ModInterpreter"/> gives the lines their meaning.
/// </summary>
/// <remarks>
/// Lexing: spaces, tabs and carriage returns separate tokens; a newline is a token; the punctuation
/// <c>( ) [ ] { } ,</c> are one-character tokens; <c>"…"</c> and <c>`…`</c> are string tokens that may not
/// span lines; every other run of printable, non-space characters (stopping before <c>//</c>) is an
/// identifier. <c>//</c> starts a comment that runs to the end of the line; <c>/*</c> is an error. A comment
/// alone on its line is a statement-level comment; one after tokens is a suffix comment attached later to the
/// node it follows. The first syntax error stops parsing, as in Go.
/// </remarks>
internal sealed class ModParser
{
    private const int TokEof = -1;
    private const int TokEolComment = -2;
    private const int TokIdent = -3;
    private const int TokString = -4;
    private const int TokComment = -5;

    private readonly string _fileName;
    private readonly byte[] _data;
    private int _offset;
    private ModPosition _pos = new(1, 1, 0);
    private int _tokenStartOffset;
    private Token _token;
    private readonly List<ModComment> _suffixComments = [];
    private readonly ModFileSyntax _file;

    private ModParser(string fileName, byte[] data)
    {
        _fileName = fileName;
        _data = data;
        _file = new ModFileSyntax(fileName);
    }

    private struct Token
    {
        public int Kind;
        public ModPosition Pos;
        public ModPosition EndPos;
        public string Text;
    }

    /// <summary>Parses the syntax of a go.mod file.</summary>
    /// <exception cref="ModSyntaxException">The text is not well formed.</exception>
    public static ModFileSyntax Parse(string fileName, ReadOnlySpan<byte> data)
    {
        var parser = new ModParser(fileName, data.ToArray());
        parser.ReadToken();
        parser.ParseFile();
        parser.AssignComments();
        return parser._file;
    }

    private bool Eof => _offset >= _data.Length;

    private ModSyntaxException Error(string message) => new(_pos, message);

    private static (int Rune, int Size) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return (0, 0);
        }

        if (bytes[0] < 0x80)
        {
            return (bytes[0], 1);
        }

        return Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == OperationStatus.Done
            ? (rune.Value, consumed)
            : (0xFFFD, 1);
    }

    private int PeekRune() => Decode(_data.AsSpan(_offset)).Rune;

    private bool PeekPrefix(string prefix)
    {
        for (var i = 0; i < prefix.Length; i++)
        {
            if (_offset + i >= _data.Length || _data[_offset + i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private int ReadRune()
    {
        if (Eof)
        {
            throw Error("internal lexer error: readRune at EOF");
        }

        var (rune, size) = Decode(_data.AsSpan(_offset));
        _offset += size;
        _pos = rune == '\n'
            ? new ModPosition(_pos.Line + 1, 1, _pos.Byte + size)
            : new ModPosition(_pos.Line, _pos.LineRune + 1, _pos.Byte + size);
        return rune;
    }

    private void StartToken()
    {
        _tokenStartOffset = _offset;
        _token.Text = string.Empty;
        _token.Pos = _pos;
    }

    private void EndToken(int kind)
    {
        _token.Kind = kind;
        var raw = _data.AsSpan(_tokenStartOffset, _offset - _tokenStartOffset);
        if (kind is TokComment or TokEolComment)
        {
            if (raw.EndsWith("\r\n"u8))
            {
                raw = raw[..^2];
            }
            else if (raw.EndsWith("\n"u8))
            {
                raw = raw[..^1];
            }
        }

        _token.Text = Encoding.UTF8.GetString(raw);
        _token.EndPos = _pos;
    }

    private Token Lex()
    {
        var token = _token;
        ReadToken();
        return token;
    }

    private int Peek() => _token.Kind;

    private static bool IsEol(int kind) => kind is TokEof or TokEolComment or '\n';

    private void ReadToken()
    {
        while (!Eof)
        {
            var c = PeekRune();
            if (c is ' ' or '\t' or '\r')
            {
                ReadRune();
                continue;
            }

            if (PeekPrefix("//"))
            {
                StartToken();

                // A comment is a suffix comment when tokens precede it on its line.
                var lineStart = _data.AsSpan(0, _pos.Byte).LastIndexOf((byte)'\n') + 1;
                var suffix = !IsBlank(_data.AsSpan(lineStart, _pos.Byte - lineStart));
                ReadRune();
                ReadRune();
                while (!Eof && ReadRune() != '\n')
                {
                }

                if (!suffix)
                {
                    EndToken(TokComment);
                    return;
                }

                EndToken(TokEolComment);
                _suffixComments.Add(new ModComment(_token.Pos, _token.Text, suffix: true));
                return;
            }

            if (PeekPrefix("/*"))
            {
                throw Error(SR.ModNoBlockComments);
            }

            break;
        }

        StartToken();
        if (Eof)
        {
            EndToken(TokEof);
            return;
        }

        var first = PeekRune();
        switch (first)
        {
            case '\n' or '(' or ')' or '[' or ']' or '{' or '}' or ',':
                ReadRune();
                EndToken(first);
                return;
            case '"' or '`':
                ReadString(first);
                return;
        }

        if (!IsIdent(first))
        {
            throw Error(PathErrors.Format(SR.ModUnexpectedCharacter, GoQuote.QuoteRune(first)));
        }

        while (IsIdent(PeekRune()))
        {
            if (PeekPrefix("//"))
            {
                break;
            }

            if (PeekPrefix("/*"))
            {
                throw Error(SR.ModNoBlockComments);
            }

            ReadRune();
        }

        EndToken(TokIdent);
    }

    private void ReadString(int quote)
    {
        ReadRune();
        while (true)
        {
            if (Eof)
            {
                _pos = _token.Pos;
                throw Error(SR.ModEofInString);
            }

            if (PeekRune() == '\n')
            {
                throw Error(SR.ModNewlineInString);
            }

            var c = ReadRune();
            if (c == quote)
            {
                break;
            }

            if (c == '\\' && quote != '`')
            {
                if (Eof)
                {
                    _pos = _token.Pos;
                    throw Error(SR.ModEofInString);
                }

                ReadRune();
            }
        }

        EndToken(TokString);
    }

    private static bool IsBlank(ReadOnlySpan<byte> text)
    {
        // Only spaces, tabs and carriage returns can precede a comment without being lexed as a token
        // (any other white space stops the lexer with an error first).
        foreach (var b in text)
        {
            if (b is not (byte)' ' and not (byte)'\t' and not (byte)'\r' and not (byte)'\n' and not (byte)'\v' and not (byte)'\f')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a character may be part of an identifier: printable, not space, not punctuation.</summary>
    internal static bool IsIdent(int c) => c switch
    {
        ' ' or '(' or ')' or '[' or ']' or '{' or '}' or ',' => false,
        _ => !GoUnicode.IsSpace(c) && GoUnicode.IsPrint(c),
    };

    private void ParseFile()
    {
        ModCommentBlock? commentBlock = null;
        while (true)
        {
            switch (Peek())
            {
                case '\n':
                    Lex();
                    if (commentBlock is not null)
                    {
                        _file.Statements.Add(commentBlock);
                        commentBlock = null;
                    }

                    break;
                case TokComment:
                    var tok = Lex();
                    commentBlock ??= new ModCommentBlock(tok.Pos);
                    commentBlock.Before.Add(new ModComment(tok.Pos, tok.Text, suffix: false));
                    break;
                case TokEof:
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
        var tok = Lex();
        var start = tok.Pos;
        var end = tok.EndPos;
        var tokens = new List<string> { tok.Text };
        while (true)
        {
            tok = Lex();
            if (IsEol(tok.Kind))
            {
                _file.Statements.Add(new ModLine(start, tokens, end, inBlock: false));
                return;
            }

            if (tok.Kind == '(')
            {
                var next = Peek();
                if (IsEol(next))
                {
                    _file.Statements.Add(ParseLineBlock(start, tokens, tok));
                    return;
                }

                if (next == ')')
                {
                    var rparen = Lex();
                    if (IsEol(Peek()))
                    {
                        // An empty block: "require ()".
                        Lex();
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

    private ModLineBlock ParseLineBlock(ModPosition start, List<string> tokens, Token lparen)
    {
        var block = new ModLineBlock(start, tokens, new ModParen(lparen.Pos));
        var comments = new List<ModComment>();
        while (true)
        {
            switch (Peek())
            {
                case TokEolComment:
                    // Attached later by AssignComments.
                    Lex();
                    break;
                case '\n':
                    // Keep a blank line as an empty comment, unless it would be the first thing in the block
                    // or follow another blank line.
                    Lex();
                    if ((comments.Count == 0 && block.Lines.Count > 0) || (comments.Count > 0 && comments[^1].Text.Length != 0))
                    {
                        comments.Add(new ModComment(default, string.Empty, suffix: false));
                    }

                    break;
                case TokComment:
                    var tok = Lex();
                    comments.Add(new ModComment(tok.Pos, tok.Text, suffix: false));
                    break;
                case TokEof:
                    throw Error(PathErrors.Format(SR.ModUnterminatedBlock, _fileName, block.Start.Line, block.Start.LineRune));
                case ')':
                    var rparen = Lex();
                    block.RParen.Before = comments;
                    block.RParen.Position = rparen.Pos;
                    if (!IsEol(Peek()))
                    {
                        throw Error(SR.ModNewlineAfterParen);
                    }

                    Lex();
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
        var tok = Lex();
        if (IsEol(tok.Kind))
        {
            throw Error("internal parse error: parseLine at end of line");
        }

        var start = tok.Pos;
        var end = tok.EndPos;
        var tokens = new List<string> { tok.Text };
        while (true)
        {
            tok = Lex();
            if (IsEol(tok.Kind))
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

        var pending = _suffixComments;
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
