using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Atomic extraction: files go into a fresh temporary directory beside the target, which is renamed
/// into place only when the whole archive has been verified. Files are made read-only (0444) and
/// directories 0555, as the go command leaves them. Nothing is ever written outside the temporary
/// directory, and on failure it is removed completely.
/// </summary>
internal sealed class ExtractionTarget : IDisposable
{
    private const UnixFileMode FileMode0444 = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirMode0555 = FileMode0444 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _target;
    private readonly string _temp;
    private readonly string _tempWithSeparator;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private bool _committed;

    public ExtractionTarget(string target)
    {
        _target = Path.GetFullPath(target);
        if (Directory.Exists(_target) && Directory.EnumerateFileSystemEntries(_target).GetEnumerator().MoveNext())
        {
            throw new ModuleZipException(ModuleZipErrorKind.TargetNotEmpty, "target directory " + _target + " exists and is not empty", null);
        }

        if (File.Exists(_target))
        {
            throw new ModuleZipException(ModuleZipErrorKind.TargetNotEmpty, "target directory " + _target + " exists and is not empty", null);
        }

        var parent = Path.GetDirectoryName(_target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            ?? throw new ArgumentException($"The target '{target}' has no parent directory.", nameof(target));
        Directory.CreateDirectory(parent);
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        _temp = Path.Combine(parent, "." + Path.GetFileName(_target.TrimEnd(Path.DirectorySeparatorChar)) + ".tmp-" + Convert.ToHexStringLower(random));
        Directory.CreateDirectory(_temp);
        _tempWithSeparator = _temp + Path.DirectorySeparatorChar;
    }

    /// <summary>Gets the temporary directory (for tests).</summary>
    internal string TemporaryDirectory => _temp;

    /// <summary>Creates one file (exclusively) for a checked, clean, relative path.</summary>
    public SafeFileHandle CreateFile(ReadOnlySpan<byte> relativeUtf8, long preallocate)
    {
        var relative = Encoding.UTF8.GetString(relativeUtf8);
        if (Path.DirectorySeparatorChar != '/')
        {
            relative = relative.Replace('/', Path.DirectorySeparatorChar);
        }

        var path = Path.GetFullPath(Path.Join(_temp, relative));
        if (!path.StartsWith(_tempWithSeparator, StringComparison.Ordinal))
        {
            // Unreachable for names that passed the file path rules; kept as a last line of defence.
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, "refusing to write outside the target: " + relative, relative);
        }

        var dir = Path.GetDirectoryName(path)!;
        if (dir.Length > _temp.Length)
        {
            lock (_directories)
            {
                if (_directories.Add(dir))
                {
                    Directory.CreateDirectory(dir);
                    for (var parent = Path.GetDirectoryName(dir); parent is not null && parent.Length > _temp.Length; parent = Path.GetDirectoryName(parent))
                    {
                        _directories.Add(parent);
                    }
                }
            }
        }

        return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocate > 0 ? preallocate : 0);
    }

    /// <summary>Makes a written file read-only and closes it.</summary>
    public static void CloseFile(SafeFileHandle handle)
    {
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(handle, FileMode0444);
            }
        }
        finally
        {
            handle.Dispose();
        }
    }

    /// <summary>Seals the directories and renames the temporary directory onto the target.</summary>
    public void Commit()
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (var f in Directory.EnumerateFiles(_temp, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(f, FileAttributes.ReadOnly);
            }
        }
        else
        {
            var dirs = new List<string>(_directories);
            dirs.Sort((a, b) => b.Length.CompareTo(a.Length));
            foreach (var d in dirs)
            {
                File.SetUnixFileMode(d, DirMode0555);
            }
        }

        if (Directory.Exists(_target))
        {
            Directory.Delete(_target); // empty, checked at the start
        }

        Directory.Move(_temp, _target);
        _committed = true;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_target, DirMode0555);
        }
    }

    public void Dispose()
    {
        if (_committed || !Directory.Exists(_temp))
        {
            return;
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                foreach (var d in _directories)
                {
                    if (Directory.Exists(d))
                    {
                        File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    }
                }
            }
            else
            {
                foreach (var f in Directory.EnumerateFiles(_temp, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(f, FileAttributes.Normal);
                }
            }

            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the directory name marks it as temporary.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
