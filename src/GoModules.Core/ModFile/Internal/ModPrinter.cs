using System;
using System.Collections.Generic;
using System.Text;

namespace GoModules.ModFile.Internal;

/// <summary>
/// Writes a <see cref="ModFileSyntax"/> in the standard go.mod layout, byte for byte as x/mod's <c>modfile.Format</c>:
/// one statement per line, a blank line between statements, block lines indented by a tab, comments trimmed and kept
/// where they were attached, trailing spaces removed, no blank line at the top, none doubled and none at the end.
/// </summary>
internal sealed class ModPrinter
{
    private readonly StringBuilder _text = new();
    private readonly List<ModComment> _pending = [];
    private int _margin;

    /// <summary>Formats the file as UTF-8.</summary>
    public static byte[] Format(ModFileSyntax syntax)
    {
        var printer = new ModPrinter();
        printer.File(syntax);
        var text = printer._text;
        while (text.Length > 0 && text[^1] == '\n' && (text.Length == 1 || text[^2] == '\n'))
        {
            text.Length--;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private void File(ModFileSyntax syntax)
    {
        foreach (var comment in syntax.Before)
        {
            Comment(comment);
            Newline();
        }

        for (var i = 0; i < syntax.Statements.Count; i++)
        {
            var statement = syntax.Statements[i];
            Expr(statement);
            if (statement is not ModCommentBlock)
            {
                Newline();
            }

            if (i + 1 < syntax.Statements.Count)
            {
                Newline();
            }
        }
    }

    private void Expr(ModNode node)
    {
        BeforeComments(node);
        switch (node)
        {
            case ModLine line:
                Tokens(line.Tokens);
                break;
            case ModLineBlock block:
                Tokens(block.Tokens);
                _text.Append(' ');
                Paren(block.LParen, '(');
                _margin++;
                foreach (var line in block.Lines)
                {
                    Newline();
                    Expr(line);
                }

                _margin--;
                Newline();
                Paren(block.RParen, ')');
                break;
        }

        // End-of-line comments wait for the end of the line.
        _pending.AddRange(node.Suffix);
    }

    private void Paren(ModParen paren, char text)
    {
        BeforeComments(paren);
        _text.Append(text);
        _pending.AddRange(paren.Suffix);
    }

    /// <summary>Writes a node's whole-line comments at the margin, each on a line of its own.</summary>
    private void BeforeComments(ModNode node)
    {
        if (node.Before.Count == 0)
        {
            return;
        }

        Trim();
        if (CurrentColumn() > 0)
        {
            _text.Append('\n');
        }

        _text.Append('\t', _margin);
        foreach (var comment in node.Before)
        {
            Comment(comment);
            Newline();
        }
    }

    private void Tokens(List<string> tokens)
    {
        var separator = string.Empty;
        foreach (var token in tokens)
        {
            if (token is "," or ")" or "]" or "}")
            {
                separator = string.Empty;
            }

            _text.Append(separator).Append(token);
            separator = token is "(" or "[" or "{" ? string.Empty : " ";
        }
    }

    /// <summary>Ends the current line: writes the pending end-of-line comments, then a newline and the margin.</summary>
    private void Newline()
    {
        if (_pending.Count > 0)
        {
            _text.Append(' ');
            for (var i = 0; i < _pending.Count; i++)
            {
                if (i > 0)
                {
                    Trim();
                    _text.Append('\n').Append('\t', _margin);
                }

                Comment(_pending[i]);
            }

            _pending.Clear();
        }

        Trim();
        var length = _text.Length;
        if (!(length == 0 || (length >= 2 && _text[^1] == '\n' && _text[^2] == '\n')))
        {
            // Not at the top of the file and not after a blank line.
            _text.Append('\n');
        }

        _text.Append('\t', _margin);
    }

    private void Comment(ModComment comment) => _text.Append(TrimSpace(comment.Text));

    /// <summary>Removes the spaces and tabs that end the current line.</summary>
    private void Trim()
    {
        var n = _text.Length;
        while (n > 0 && _text[n - 1] is '\t' or ' ')
        {
            n--;
        }

        _text.Length = n;
    }

    private int CurrentColumn()
    {
        var n = 0;
        while (n < _text.Length && _text[_text.Length - 1 - n] != '\n')
        {
            n++;
        }

        return n;
    }

    private static ReadOnlySpan<char> TrimSpace(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && GoUnicode.IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && GoUnicode.IsSpace(text[end - 1]))
        {
            end--;
        }

        return text.AsSpan(start, end - start);
    }
}
