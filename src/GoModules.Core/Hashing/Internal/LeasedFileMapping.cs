using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Hashing.Internal;

/// <summary>
/// Read access to a file's page-cache pages without copying them (Linux on x64 and Arm64): the file is mapped
/// with <c>mmap</c> under a read lease (<c>fcntl(F_SETLEASE, F_RDLCK)</c>).
/// </summary>
/// <remarks>
/// <para>
/// Each window of the file is mapped only while it is hashed, so the resident pages stay few whatever the file's size.
/// A plain mapping is not safe for a library: a page of a mapping that lies beyond the end of a file that another
/// process truncated raises <c>SIGBUS</c>, and a fault in native code (the SHA-256 of OpenSSL) ends the process.
/// The lease closes that hole. The kernel grants a read lease only while nobody has the file open for writing, and
/// while it is held any <c>open</c> for writing and any <c>truncate</c> of the file waits (up to the system's
/// lease-break time) until the holder gives the lease up. The holder learns of a waiting writer from
/// <c>F_GETLEASE</c>, which then answers <c>F_UNLCK</c>; <see cref="IsIntact"/> asks before every chunk is read,
/// so a writer waits for at most one chunk, after which the caller reads the rest of the file with ordinary reads,
/// seeing whatever the writer does, as without a mapping.
/// </para>
/// <para>
/// The kernel signals the holder when a lease is broken; the owner of that signal is cleared right after the lease
/// is taken (no signal is sent then), and before it the signal is set to <c>SIGURG</c>, which is ignored unless
/// handled, so a break in between cannot end the process either. Where a lease cannot be had (another writer,
/// another owner without <c>CAP_LEASE</c>, a file system without leases) <see cref="TryLease"/> returns
/// <see langword="null"/> and the caller reads the file as usual.
/// </para>
/// <para>
/// One case remains: the kernel revokes a lease whose holder has not given it up within the lease-break time
/// (<c>/proc/sys/fs/lease-break-time</c>, 45 seconds by default), so a process frozen for that long in the middle
/// of one window (a few milliseconds of hashing) could still meet a truncated file.
/// </para>
/// </remarks>
internal sealed class LeasedFileMapping : IDisposable
{
    private const int FSetOwn = 8;
    private const int FSetSig = 10;
    private const int FSetLease = 1024;
    private const int FGetLease = 1025;
    private const int FRdLck = 0;
    private const int FUnLck = 2;
    private const int SigUrg = 23;
    private const int ProtRead = 1;
    private const int MapShared = 1;
    private const int MadvSequential = 2;

    private readonly int _fd;
    private readonly long _length;
    private nint _window;
    private nuint _windowLength;
    private bool _leased;

    private LeasedFileMapping(int fd, long length)
    {
        _fd = fd;
        _length = length;
        _leased = true;
    }

    /// <summary>Gets whether this process can map files this way.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Gets the file's length, which cannot change while the lease is intact.</summary>
    public long Length => _length;

    /// <summary>
    /// Takes a read lease on <paramref name="file"/> (opened for reading only); <see langword="null"/> when it is
    /// refused or the file is shorter than <paramref name="minimumLength"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LeasedFileMapping? TryLease(SafeFileHandle file, long minimumLength)
    {
        if (!IsSupported)
        {
            return null;
        }

        var fd = (int)file.DangerousGetHandle();
        if (Fcntl(fd, FSetSig, SigUrg) != 0 || Fcntl(fd, FSetLease, FRdLck) != 0)
        {
            return null;
        }

        _ = Fcntl(fd, FSetOwn, 0);

        // Under the lease the length cannot change any more.
        var length = RandomAccess.GetLength(file);
        if (length < Math.Max(1, minimumLength))
        {
            _ = Fcntl(fd, FSetLease, FUnLck);
            return null;
        }

        return new LeasedFileMapping(fd, length);
    }

    /// <summary>Whether no writer is waiting for the lease, so that the file can still be mapped and read safely.</summary>
    public bool IsIntact
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => _leased && Fcntl(_fd, FGetLease, 0) == FRdLck;
    }

    /// <summary>
    /// Maps the bytes <c>[offset, offset + count)</c> of the file (<paramref name="offset"/> a multiple of the page
    /// size), replacing the previous window; empty when the system refuses. Call only while <see cref="IsIntact"/>
    /// held just before, and read the bytes before the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe ReadOnlySpan<byte> Map(long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + count, _length);
        Unmap();
        if (count == 0 || offset % Environment.SystemPageSize != 0)
        {
            return default;
        }

        var address = Mmap(0, (nuint)count, ProtRead, MapShared, _fd, offset);
        if (address == -1)
        {
            return default;
        }

        _window = address;
        _windowLength = (nuint)count;
        _ = Madvise(address, (nuint)count, MadvSequential);
        return new ReadOnlySpan<byte>((void*)address, count);
    }

    /// <summary>Unmaps the window and gives the lease up, letting any waiting writer go on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dispose()
    {
        Unmap();
        if (_leased)
        {
            _leased = false;
            _ = Fcntl(_fd, FSetLease, FUnLck);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Unmap()
    {
        if (_window != 0)
        {
            _ = Munmap(_window, _windowLength);
            _window = 0;
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Munmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
