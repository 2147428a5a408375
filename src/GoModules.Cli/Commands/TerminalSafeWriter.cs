using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Cli.Internal;

namespace GoModules.Cli.Commands;

/// <summary>
/// Standard error as gomod writes it: every message passes through <c>ServerText</c>, so a control
/// character or escape sequence that a server slipped into an error text (a reason phrase, a page, git's
/// report of a remote's answer) is shown escaped and never acts on the terminal. Line breaks, tabs and
/// the carriage return the progress line redraws with are kept.
/// </summary>
internal sealed class TerminalSafeWriter : TextWriter
{
    private readonly TextWriter _inner;
    private char _pendingHigh;

    public TerminalSafeWriter(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    /// <summary>Reports whether <paramref name="writer"/> is the process's standard error (wrapped or not).</summary>
    public static bool IsConsoleError(TextWriter writer) =>
        writer == Console.Error || (writer is TerminalSafeWriter safe && safe._inner == Console.Error);

    public override void Write(char value)
    {
        if (char.IsHighSurrogate(value) && _pendingHigh == '\0')
        {
            _pendingHigh = value;
            return;
        }

        if (_pendingHigh != '\0')
        {
            var pair = char.IsLowSurrogate(value) ? new string([_pendingHigh, value]) : _pendingHigh.ToString() + value;
            _pendingHigh = '\0';
            Write(pair);
            return;
        }

        Write(value.ToString());
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (_pendingHigh != '\0')
        {
            value = _pendingHigh + value;
            _pendingHigh = '\0';
        }

        // Carriage returns belong to the progress line; everything else unsafe is escaped.
        var parts = value.Split('\r');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                _inner.Write('\r');
            }

            _inner.Write(ServerText.Sanitize(parts[i], keepLineBreaks: true));
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write(CoreNewLine);
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();
}
