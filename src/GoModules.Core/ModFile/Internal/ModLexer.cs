using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Splits go.mod bytes into tokens for <see cref="ModParser"/>: spaces, tabs and carriage returns separate tokens; a
/// newline is a token; the punctuation <c>( ) [ ] { } ,</c> are one-character tokens; <c>"…"</c> and <c>`…`</c> are
/// string tokens that may not span lines; every other run of printable, non-space characters (stopping before
/// <c>//</c>) is an identifier. <c>//</c> starts a comment that runs to the end of the line; <c>/*</c> is an error.
/// A comment alone on its line is handed to the parser; one after tokens is also kept in
/// <see cref="SuffixComments"/>, to be attached to the node it follows once the whole file is parsed.
/// </summary>
internal sealed class ModLexer(byte[] data)
{
    private readonly byte[] _data = data;
    private int _offset;
    private ModPosition _pos = new(1, 1, 0);
    private int _tokenStartOffset;
    private ModToken _token;

    /// <summary>The end-of-line comments read so far, in file order.</summary>
    public List<ModComment> SuffixComments { get; } = [];

    private bool Eof => _offset >= _data.Length;

    public ModSyntaxException Error(string message) => new(_pos, message);

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
        if (kind is ModToken.Comment or ModToken.EolComment)
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

    public ModToken Lex()
    {
        var token = _token;
        ReadToken();
        return token;
    }

    public int Peek() => _token.Kind;

    public void ReadToken()
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
                    EndToken(ModToken.Comment);
                    return;
                }

                EndToken(ModToken.EolComment);
                SuffixComments.Add(new ModComment(_token.Pos, _token.Text, suffix: true));
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
            EndToken(ModToken.Eof);
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

        EndToken(ModToken.Ident);
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

        EndToken(ModToken.String);
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
        _ => !GoUnicode.IsSpace(c) && GoModules.Kernel.GoQuote.IsPrint(c),
    };
}
