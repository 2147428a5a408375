using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using GoModules.Caching;

namespace GoModules.Cli.Commands;

/// <summary>
/// Shows download progress on standard error: a one-line bar redrawn in place when standard error is a terminal
/// (drawn only once a download has run for half a second, and erased at the end), otherwise one plain line per
/// module as it finishes.
/// </summary>
internal sealed class ProgressDisplay : IProgress<ModuleDownloadProgress>, IDisposable
{
    private const int BarWidth = 30;
    private static readonly TimeSpan ShowAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<ModuleVersion, long> _bytes = new();
    private readonly Lock _gate = new();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private int _drawnWidth;
    private int _completed;
    private int _total;

    public ProgressDisplay(TextWriter error, bool terminal)
    {
        _error = error;
        _terminal = terminal;
    }

    public void Report(ModuleDownloadProgress value)
    {
        if (value.Result is null)
        {
            _bytes[value.Module] = value.BytesReceived;
        }

        lock (_gate)
        {
            _completed = Math.Max(_completed, value.Completed);
            _total = value.Total;
            if (!_terminal)
            {
                if (value.Result is { } result)
                {
                    _error.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"gomod: {(result.Succeeded ? "downloaded" : "failed")} {result.Path} {result.Version} ({value.Completed}/{value.Total})"));
                }

                return;
            }

            var now = _clock.Elapsed;
            if (now < ShowAfter || (now - _lastDraw < Redraw && value.Completed != value.Total))
            {
                return;
            }

            _lastDraw = now;
            Draw();
        }
    }

    private void Draw()
    {
        long bytes = 0;
        foreach (var b in _bytes.Values)
        {
            bytes += b;
        }

        var filled = _total == 0 ? 0 : BarWidth * _completed / _total;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('=', filled)}{new string(' ', BarWidth - filled)}] {_completed}/{_total} modules, {bytes / 1048576.0:0.0} MiB");
        _error.Write("\r" + line.PadRight(_drawnWidth));
        _drawnWidth = line.Length;
        _error.Flush();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_terminal && _drawnWidth > 0)
            {
                _error.Write("\r" + new string(' ', _drawnWidth) + "\r");
                _error.Flush();
                _drawnWidth = 0;
            }
        }
    }
}
