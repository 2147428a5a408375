using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching.Internal;
using GoModules.Kernel;

namespace GoModules.Fetching;

/// <summary>
/// Writes module versions into a GOPROXY directory: a tree laid out as the proxy URL space, which
/// <see cref="FileModuleProxyTransport"/> (and the go command, through a <c>file://</c> GOPROXY) serves. Mirrors,
/// air-gapped setups and tests use it instead of writing the files by hand.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Paths and versions are case-escaped (<c>!</c> before a lower-cased upper-case letter), as the protocol requires.</item>
/// <item>Every file is written to a temporary file in its own directory and renamed into place, so a reader sees the
/// old content or the new one, never a partial file.</item>
/// <item><c>.info</c> files are Go's <c>json.Marshal</c> of the version's metadata, byte for byte what the go command
/// writes into <c>GOMODCACHE/cache/download</c>: <c>{"Version":"v1.2.3","Time":"2023-01-02T03:04:05Z"}</c>, the time in
/// RFC 3339 with fractional seconds kept (trailing zeros trimmed), and a cleaned <c>Origin</c> only when known.</item>
/// <item><c>@v/list</c> holds each version once, in Go's semantic-version order. Updates of the list are serialized
/// by an advisory lock on <c>@v/list.lock</c>, so concurrent writers (threads or processes) never lose a version.</item>
/// </list>
/// The writer sits in <c>GoModules.Fetching</c> next to <see cref="FileModuleProxyTransport"/>, the reader of the same
/// tree: it produces proxy answers, not cache state (the module cache has its own locks, extraction and hashes).
/// See https://go.dev/ref/mod#goproxy-protocol.
/// </remarks>
public sealed class ProxyDirectoryWriter
{
    /// <summary>Initializes a new instance that writes under <paramref name="rootDirectory"/>.</summary>
    /// <param name="rootDirectory">The root of the GOPROXY tree; created when missing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rootDirectory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty.</exception>
    public ProxyDirectoryWriter(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    /// <summary>Gets the full path of the root of the GOPROXY tree.</summary>
    public string RootDirectory { get; }

    /// <summary>Gets the <c>file://</c> URL of <see cref="RootDirectory"/>, usable as a GOPROXY entry.</summary>
    public string Url => new Uri(Path.TrimEndingDirectorySeparator(RootDirectory) + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');

    /// <summary>
    /// Formats the <c>.info</c> (and <c>@latest</c>) JSON of a version exactly as the go command writes it into its
    /// download cache (its <c>writeDiskStat</c>): <c>Version</c>, <c>Time</c> and, when present, <c>Origin</c> without the
    /// tag and repository-sum fields (and without <c>Ref</c> for a pseudo-version). No trailing newline.
    /// </summary>
    /// <param name="info">The version's metadata.</param>
    /// <returns>The UTF-8 bytes of the JSON object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    public static byte[] FormatInfo(ModuleInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return ModuleInfoFile.Format(info);
    }

    /// <summary>
    /// Writes a whole version: <c>.zip</c> (when given), <c>.mod</c> and <c>.info</c>, and then adds the version to
    /// <c>@v/list</c>, so that a listed version is always complete.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="info">The version's metadata; <see cref="ModuleInfo.Version"/> names the version.</param>
    /// <param name="goMod">The content of the version's go.mod.</param>
    /// <param name="zip">The module zip, read to its end, or <see langword="null"/> to write no <c>.zip</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when every file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The version is not a canonical semantic version, or <paramref name="path"/> is <see langword="default"/>.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task WriteVersionAsync(ModulePath path, ModuleInfo info, ReadOnlyMemory<byte> goMod, Stream? zip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var module = new ModuleVersion(path, info.Version);
        RequireCanonical(module);
        if (zip is not null)
        {
            await WriteZipAsync(module, zip, cancellationToken).ConfigureAwait(false);
        }

        await WriteGoModAsync(module, goMod, cancellationToken).ConfigureAwait(false);
        await WriteInfoAsync(path, info, cancellationToken).ConfigureAwait(false);
        await AddToListAsync(module, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <c>@v/VERSION.info</c> (see <see cref="FormatInfo"/>).</summary>
    /// <param name="path">The module path.</param>
    /// <param name="info">The version's metadata; <see cref="ModuleInfo.Version"/> names the file.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The version is not a canonical semantic version, or <paramref name="path"/> is <see langword="default"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task WriteInfoAsync(ModulePath path, ModuleInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var module = new ModuleVersion(path, info.Version);
        RequireCanonical(module);
        return AtomicFile.WriteAsync(VersionFile(module, ".info"), ModuleInfoFile.Format(info), cancellationToken);
    }

    /// <summary>Writes <c>@v/VERSION.mod</c>.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="goMod">The content of the go.mod.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentException">The version is not a canonical semantic version, or the path is <see langword="default"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task WriteGoModAsync(ModuleVersion module, ReadOnlyMemory<byte> goMod, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        return AtomicFile.WriteAsync(VersionFile(module, ".mod"), goMod, cancellationToken);
    }

    /// <summary>Writes <c>@v/VERSION.zip</c> from a stream, read to its end. The zip is not validated.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="zip">The module zip.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zip"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The version is not a canonical semantic version, or the path is <see langword="default"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task WriteZipAsync(ModuleVersion module, Stream zip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        RequireCanonical(module);
        var file = VersionFile(module, ".zip");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = AtomicFile.CreateTemporary(file, FileOptions.Asynchronous);
        var name = temp.Name;
        var renamed = false;
        try
        {
            await using (temp.ConfigureAwait(false))
            {
                await zip.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
            }

            File.Move(name, file, overwrite: true);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                AtomicFile.TryDelete(name);
            }
        }
    }

    /// <summary>
    /// Adds a version to <c>@v/list</c>, keeping it sorted in Go's semantic-version order with each version once.
    /// Versions already in the list stay, whatever other files exist.
    /// </summary>
    /// <param name="module">The module version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the list is in place.</returns>
    /// <exception cref="ArgumentException">The version is not a canonical semantic version, or the path is <see langword="default"/>.</exception>
    /// <exception cref="IOException">The list could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task AddToListAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        var directory = VersionsDirectory(module.Path);
        Directory.CreateDirectory(directory);
        var listFile = Path.Join(directory, "list");

        // The list is replaced by a rename, so the lock lives on a file of its own: a lock on the list itself would
        // stay on the replaced file, and a writer waiting on it would then merge into stale content.
        using var locked = await LockedFile.OpenWriteAsync(Path.Join(directory, "list.lock"), ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        var versions = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var old = File.Exists(listFile) ? await File.ReadAllBytesAsync(listFile, cancellationToken).ConfigureAwait(false) : [];
        foreach (var line in Encoding.UTF8.GetString(old).Split('\n'))
        {
            var v = line.Trim();
            if (v.Length != 0 && seen.Add(v))
            {
                versions.Add(v);
            }
        }

        if (seen.Add(module.Version))
        {
            versions.Add(module.Version);
        }

        var content = Encoding.UTF8.GetBytes(VersionList.Format(versions));
        if (!content.AsSpan().SequenceEqual(old))
        {
            await AtomicFile.WriteAsync(listFile, content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <c>@latest</c>, the answer for a module whose list is empty (in Go's format, see <see cref="FormatInfo"/>).</summary>
    /// <param name="path">The module path.</param>
    /// <param name="info">The metadata of the latest version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="default"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task WriteLatestAsync(ModulePath path, ModuleInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        return AtomicFile.WriteAsync(Path.Join(ModuleDirectory(path), "@latest"), ModuleInfoFile.Format(info), cancellationToken);
    }

    private string ModuleDirectory(ModulePath path)
    {
        if (string.IsNullOrEmpty(path.Value))
        {
            throw new ArgumentException("The module path is empty.", nameof(path));
        }

        return Path.Join(RootDirectory, ModulePath.EscapePath(path.Value).Replace('/', Path.DirectorySeparatorChar));
    }

    private string VersionsDirectory(ModulePath path) => Path.Join(ModuleDirectory(path), "@v");

    private string VersionFile(ModuleVersion module, string suffix) =>
        Path.Join(VersionsDirectory(module.Path), ModulePath.EscapeVersion(module.Version) + suffix);

    private static void RequireCanonical(ModuleVersion module)
    {
        var v = module.Version;
        if (string.IsNullOrEmpty(v) || !string.Equals(SemVer.CanonicalModuleVersion(v), v, StringComparison.Ordinal))
        {
            throw new ArgumentException("The version '" + v + "' is not a canonical semantic version.", nameof(module));
        }
    }
}
