using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.SumDb;

/// <summary>
/// An <see cref="IChecksumDatabaseTransport"/> that keeps the latest signed tree head and the cache of verified
/// lookups and tiles on disk, in the files the go command uses, and reads the server through a delegate.
/// </summary>
/// <remarks>
/// <para>
/// Files, as in cmd/go (<c>modfetch/sumdb.go</c>):
/// </para>
/// <list type="bullet">
/// <item><description>the latest tree head of database <c>name</c>: <c>&lt;config directory&gt;/&lt;name&gt;/latest</c>, where the
/// go command's config directory is <c>$GOPATH/pkg/sumdb</c> (first GOPATH entry) — outside the module cache, so that
/// <c>go clean -modcache</c> does not make the client forget the tree it has seen;</description></item>
/// <item><description>verified lookups and tiles: <c>&lt;GOMODCACHE&gt;/cache/download/sumdb/&lt;name&gt;/lookup/&lt;escaped path&gt;@&lt;escaped version&gt;</c>
/// and <c>&lt;GOMODCACHE&gt;/cache/download/sumdb/&lt;name&gt;/tile/H/L/NNN[.p/W]</c>.</description></item>
/// </list>
/// <para>
/// Reads take a shared lock and writes an exclusive lock on the file itself, compatible with the go command's
/// <c>lockedfile</c> (flock on Unix), so this class and concurrently running go commands or other processes may share
/// the directories. The latest tree head is replaced only if it still holds what the client read (compare-and-swap
/// under the exclusive lock). An empty file counts as missing. The config directory and module cache must be absolute
/// paths.
/// </para>
/// </remarks>
public sealed class FileSystemChecksumDatabaseTransport : IChecksumDatabaseTransport
{
    private readonly Func<string, int, CancellationToken, ValueTask<byte[]>> _readRemote;

    /// <summary>Creates a transport over the given directories.</summary>
    /// <param name="configDirectory">The sumdb configuration directory (the go command uses <c>$GOPATH/pkg/sumdb</c>).</param>
    /// <param name="moduleCacheDirectory">The module cache root (GOMODCACHE); the cache lives under <c>cache/download/sumdb</c> inside it.</param>
    /// <param name="readRemote">Reads a server path (see <see cref="IChecksumDatabaseTransport.ReadRemoteAsync"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A directory is not an absolute path.</exception>
    public FileSystemChecksumDatabaseTransport(string configDirectory, string moduleCacheDirectory, Func<string, int, CancellationToken, ValueTask<byte[]>> readRemote)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentNullException.ThrowIfNull(moduleCacheDirectory);
        ArgumentNullException.ThrowIfNull(readRemote);
        if (!Path.IsPathFullyQualified(configDirectory))
        {
            throw new ArgumentException($"The sumdb configuration directory '{configDirectory}' is not an absolute path.", nameof(configDirectory));
        }

        if (!Path.IsPathFullyQualified(moduleCacheDirectory))
        {
            throw new ArgumentException($"The module cache directory '{moduleCacheDirectory}' is not an absolute path.", nameof(moduleCacheDirectory));
        }

        ConfigDirectory = configDirectory;
        CacheDirectory = Path.Combine(moduleCacheDirectory, "cache", "download", "sumdb");
        _readRemote = readRemote;
    }

    /// <summary>Gets the directory holding <c>&lt;name&gt;/latest</c>.</summary>
    /// <value>The configuration directory given to the constructor.</value>
    public string ConfigDirectory { get; }

    /// <summary>Gets the directory holding the cached lookups and tiles: <c>&lt;GOMODCACHE&gt;/cache/download/sumdb</c>.</summary>
    /// <value>An absolute path.</value>
    public string CacheDirectory { get; }

    /// <inheritdoc/>
    public ValueTask<byte[]> ReadRemoteAsync(string path, int maxLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _readRemote(path, maxLength, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]> ReadConfigAsync(string file, CancellationToken cancellationToken = default)
    {
        var data = await LockedFile.ReadIfExistsAsync(Resolve(ConfigDirectory, file), cancellationToken).ConfigureAwait(false);
        return data ?? [];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Compare-and-swap under an exclusive lock (Go's <c>lockedfile.Transform</c>): the content becomes
    /// <paramref name="newValue"/>, on disk before the lock is released, when the file is missing, empty or holds
    /// exactly <paramref name="oldValue"/>; otherwise it is left as it is and the answer is <see langword="false"/>.
    /// </remarks>
    public async ValueTask<bool> WriteConfigAsync(string file, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken = default)
    {
        var path = Resolve(ConfigDirectory, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var locked = await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        var current = locked.ReadAll();
        if (current.Length > 0 && !current.AsSpan().SequenceEqual(oldValue.Span))
        {
            return false;
        }

        locked.SetLength(0);
        locked.Write(newValue.Span);
        locked.FlushToDisk();
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadCacheAsync(string file, CancellationToken cancellationToken = default)
    {
        var data = await LockedFile.ReadIfExistsAsync(Resolve(CacheDirectory, file), cancellationToken).ConfigureAwait(false);
        return data is { Length: > 0 } ? data : null;
    }

    /// <inheritdoc/>
    /// <remarks>Under an exclusive lock: create, truncate, write (Go's <c>lockedfile.Write</c>).</remarks>
    public async ValueTask WriteCacheAsync(string file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var path = Resolve(CacheDirectory, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var locked = await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        locked.SetLength(0);
        locked.Write(data.Span);
    }

    /// <summary>Joins a relative, '/'-separated file name to a directory, refusing names that could leave it.</summary>
    private static string Resolve(string directory, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var elements = file.Split('/');
        foreach (var e in elements)
        {
            if (e.Length == 0 || e == "." || e == ".." || e.Contains('\\', StringComparison.Ordinal) || e.Contains('\0', StringComparison.Ordinal) || e.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The sumdb file name '{file}' is not a clean relative path.", nameof(file));
            }
        }

        return Path.Combine([directory, .. elements]);
    }
}
