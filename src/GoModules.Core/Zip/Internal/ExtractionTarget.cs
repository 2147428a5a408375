using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using GoModules.Kernel;
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

    private const long PreallocateThreshold = 1 << 20;

    private readonly string _target;
    private readonly string _temp;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly byte[] _tempUtf8;
    private byte[] _lastDirectory = new byte[256];
    private int _lastDirectoryLength = -1;
    private bool _committed;

    public ExtractionTarget(string target)
    {
        _target = Path.GetFullPath(target);
        if (Directory.Exists(_target) && Directory.EnumerateFileSystemEntries(_target).GetEnumerator().MoveNext())
        {
            throw new ModuleZipException(ModuleZipErrorKind.TargetNotEmpty, SRFormat.Format(SR.ZipTargetNotEmpty, _target), null);
        }

        if (File.Exists(_target))
        {
            throw new ModuleZipException(ModuleZipErrorKind.TargetNotEmpty, SRFormat.Format(SR.ZipTargetNotEmpty, _target), null);
        }

        var parent = Path.GetDirectoryName(_target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            ?? throw new ArgumentException($"The target '{target}' has no parent directory.", nameof(target));
        Directory.CreateDirectory(parent);
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        _temp = Path.Combine(parent, "." + Path.GetFileName(_target.TrimEnd(Path.DirectorySeparatorChar)) + ".tmp-" + Convert.ToHexStringLower(random));
        Directory.CreateDirectory(_temp);
        _tempUtf8 = Encoding.UTF8.GetBytes(_temp);
    }

    /// <summary>Gets the temporary directory (for tests).</summary>
    internal string TemporaryDirectory => _temp;

    /// <summary>Creates one file (exclusively) for a checked, clean, relative path.</summary>
    public SafeFileHandle CreateFile(ReadOnlySpan<byte> relativeUtf8, long preallocate)
    {
        if (!IsCleanRelative(relativeUtf8))
        {
            // Unreachable for names that passed the file path rules; kept as a last line of defence.
            var shown = Encoding.UTF8.GetString(relativeUtf8);
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, SRFormat.Format(SR.ZipOutsideTarget, shown), shown);
        }

        var slash = relativeUtf8.LastIndexOf((byte)'/');
        if (slash > 0)
        {
            EnsureDirectory(relativeUtf8[..slash]);
        }

        if (LinuxFiles.IsSupported)
        {
            // The path as bytes, without a string per file.
            var length = _tempUtf8.Length + 1 + relativeUtf8.Length + 1;
            var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
            var path = rented is null ? stackalloc byte[1024] : rented;
            try
            {
                _tempUtf8.CopyTo(path);
                path[_tempUtf8.Length] = (byte)'/';
                relativeUtf8.CopyTo(path[(_tempUtf8.Length + 1)..]);
                path[length - 1] = 0;
                var errno = LinuxFiles.TryCreateExclusive(path[..length], (int)FileMode0444, out var handle);
                if (errno != 0)
                {
                    throw LinuxFiles.Error("open", errno, Path.Join(_temp, Encoding.UTF8.GetString(relativeUtf8)));
                }

                if (preallocate >= PreallocateThreshold && (errno = LinuxFiles.TryPreallocate(handle!, preallocate)) != 0)
                {
                    handle!.Dispose();
                    throw LinuxFiles.Error("fallocate", errno, Path.Join(_temp, Encoding.UTF8.GetString(relativeUtf8)));
                }

                return handle!;
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        var relative = Encoding.UTF8.GetString(relativeUtf8);
        if (Path.DirectorySeparatorChar != '/')
        {
            relative = relative.Replace('/', Path.DirectorySeparatorChar);
        }

        // FileShare.Read: FileShare.None costs an flock per file on Unix and protects nothing here (the directory
        // is ours and fresh). Space is reserved ahead only for large files: for small ones the extra call costs
        // more than it saves.
        var full = Path.Join(_temp, relative);
        return File.OpenHandle(full, FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileOptions.None, preallocate >= PreallocateThreshold ? preallocate : 0);
    }

    /// <summary>Writes extracted bytes at <paramref name="offset"/> of a file made by <see cref="CreateFile"/>.</summary>
    public static void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        if (LinuxFiles.IsSupported)
        {
            LinuxFiles.Write(file, data, offset);
        }
        else
        {
            RandomAccess.Write(file, data, offset);
        }
    }

    /// <summary>Makes a written file read-only (where it was not created so) and closes it.</summary>
    public static void CloseFile(SafeFileHandle handle)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && !LinuxFiles.IsSupported)
            {
                File.SetUnixFileMode(handle, FileMode0444);
            }
        }
        finally
        {
            handle.Dispose();
        }
    }

    /// <summary>Whether a name is relative, has no empty, <c>.</c> or <c>..</c> element and no NUL byte.</summary>
    private static bool IsCleanRelative(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path.Contains((byte)0))
        {
            return false;
        }

        foreach (var range in path.Split((byte)'/'))
        {
            var element = path[range];
            if (element.IsEmpty || element.SequenceEqual("."u8) || element.SequenceEqual(".."u8)
                || (Path.DirectorySeparatorChar == '\\' && element.Contains((byte)'\\')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Creates the directory of a file (and its parents) once.</summary>
    private void EnsureDirectory(ReadOnlySpan<byte> relativeDirectory)
    {
        lock (_directories)
        {
            if (_lastDirectoryLength >= 0 && relativeDirectory.SequenceEqual(_lastDirectory.AsSpan(0, _lastDirectoryLength)))
            {
                return;
            }

            var relative = Encoding.UTF8.GetString(relativeDirectory);
            if (Path.DirectorySeparatorChar != '/')
            {
                relative = relative.Replace('/', Path.DirectorySeparatorChar);
            }

            var dir = Path.Join(_temp, relative);
            if (_directories.Add(dir))
            {
                Directory.CreateDirectory(dir);
                for (var parent = Path.GetDirectoryName(dir); parent is not null && parent.Length > _temp.Length; parent = Path.GetDirectoryName(parent))
                {
                    _directories.Add(parent);
                }
            }

            if (_lastDirectory.Length < relativeDirectory.Length)
            {
                _lastDirectory = new byte[Math.Max(relativeDirectory.Length, 2 * _lastDirectory.Length)];
            }

            relativeDirectory.CopyTo(_lastDirectory);
            _lastDirectoryLength = relativeDirectory.Length;
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
