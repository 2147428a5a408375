using System;
using System.IO;
using GoModules.Kernel;

namespace GoModules.Caching;

/// <summary>
/// Maps module versions to the names the go command uses inside a module cache (GOMODCACHE). It is a pure
/// function of its root: it never touches the disk.
/// </summary>
/// <remarks>
/// <para>
/// With E the escaped module path (<see cref="ModulePath.Escape"/>) and V the escaped version
/// (<see cref="ModulePath.EscapeVersion(string)"/>), the names are <c>cache/download/E/@v/list</c>,
/// <c>…/@v/V.info</c>, <c>.mod</c>, <c>.zip</c>, <c>.ziphash</c>, <c>.lock</c> and <c>.partial</c>, the extracted
/// tree <c>E@V</c>, the side lock <c>cache/lock</c> and the checksum-database cache
/// <c>cache/download/sumdb/DB/…</c>. Because the escaped forms contain no upper-case letters, the layout works
/// on case-insensitive file systems; it is also the URL space of a GOPROXY, so a cache directory can be
/// served as a proxy.
/// </para>
/// <para>
/// A version has per-version names only when it is a valid, canonical semantic version (<c>v1.0</c> and
/// <c>v1.0.0+meta</c> are refused; <c>v2.0.0+incompatible</c> is fine). See
/// <see href="https://go.dev/ref/mod#module-cache"/>.
/// </para>
/// </remarks>
public sealed class ModuleCachePaths
{
    private const string DownloadSegment = "download";
    private const string VersionsSegment = "@v";

    /// <summary>Initializes a new instance for a cache root.</summary>
    /// <param name="root">The GOMODCACHE directory; must be absolute, as the go command requires.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or a relative path.</exception>
    public ModuleCachePaths(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new ArgumentException(PathErrors.Format(SR.CacheRootRelative, GoQuote.Quote(root.AsSpan())), nameof(root));
        }

        Root = Path.TrimEndingDirectorySeparator(root);
    }

    /// <summary>Gets the cache root (GOMODCACHE).</summary>
    /// <value>The absolute directory.</value>
    public string Root { get; }

    /// <summary>Gets the side lock, <c>cache/lock</c>, that the go command takes while it rewrites go.sum files.</summary>
    /// <value>The file path.</value>
    public string SideLockFile => Path.Join(Root, "cache", "lock");

    /// <summary>Gets the directory of downloaded files, <c>cache/download</c>.</summary>
    /// <value>The directory path.</value>
    public string DownloadRoot => Path.Join(Root, "cache", DownloadSegment);

    /// <summary>Gets the directory holding a module's downloaded files, <c>cache/download/E/@v</c>.</summary>
    /// <param name="path">The module path.</param>
    /// <returns>The directory path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is the <see langword="default"/> (empty) value.</exception>
    public string GetDownloadDirectory(ModulePath path)
        => Path.Join(Root, "cache", DownloadSegment, OsPath(EscapedPath(path)), VersionsSegment);

    /// <summary>Gets a module's <c>list</c> file: the versions available locally, one per line.</summary>
    /// <param name="path">The module path.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is the <see langword="default"/> (empty) value.</exception>
    public string GetListFile(ModulePath path) => Path.Join(GetDownloadDirectory(path), "list");

    /// <summary>Gets the <c>.info</c> file of a module version (the proxy's JSON metadata).</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetInfoFile(ModuleVersion module) => GetVersionFile(module, "info");

    /// <summary>Gets the <c>.mod</c> file of a module version (its go.mod as served).</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetGoModFile(ModuleVersion module) => GetVersionFile(module, "mod");

    /// <summary>Gets the <c>.zip</c> file of a module version.</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetZipFile(ModuleVersion module) => GetVersionFile(module, "zip");

    /// <summary>Gets the <c>.ziphash</c> file of a module version (the zip's <c>h1:</c> hash, no newline).</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetZipHashFile(ModuleVersion module) => GetVersionFile(module, "ziphash");

    /// <summary>Gets the <c>.lock</c> file that serializes downloading and extracting a module version across processes.</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetLockFile(ModuleVersion module) => GetVersionFile(module, "lock");

    /// <summary>Gets the <c>.partial</c> marker the go command keeps while it extracts a module version in place.</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetPartialFile(ModuleVersion module) => GetVersionFile(module, "partial");

    /// <summary>Gets the directory the module version is extracted into, <c>E@V</c>.</summary>
    /// <param name="module">The module version.</param>
    /// <returns>The directory path.</returns>
    /// <exception cref="ArgumentException">The path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version is not a canonical semantic version that can be escaped.</exception>
    public string GetExtractedDirectory(ModuleVersion module)
    {
        var escapedPath = EscapedPath(module.Path);
        var escapedVersion = EscapedVersion(module.Version);
        return Path.Join(Root, OsPath(escapedPath) + "@" + escapedVersion);
    }

    /// <summary>Gets the cache directory of a checksum database, <c>cache/download/sumdb/DB</c>.</summary>
    /// <param name="database">The database name, such as <c>sum.golang.org</c>.</param>
    /// <returns>The directory path.</returns>
    /// <exception cref="ArgumentException"><paramref name="database"/> is <see langword="null"/> or empty.</exception>
    public string GetChecksumDatabaseDirectory(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return Path.Join(Root, "cache", DownloadSegment, "sumdb", OsPath(database));
    }

    /// <summary>
    /// Gets the file caching a checksum database's lookup record for a module version,
    /// <c>cache/download/sumdb/DB/lookup/E@V</c>. Unlike the other names, the version need not be canonical.
    /// </summary>
    /// <param name="database">The database name, such as <c>sum.golang.org</c>.</param>
    /// <param name="module">The module version (without <c>/go.mod</c>).</param>
    /// <returns>The file path.</returns>
    /// <exception cref="ArgumentException"><paramref name="database"/> is empty, or the path is the <see langword="default"/> value or the version is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">The version cannot be escaped.</exception>
    public string GetChecksumDatabaseLookupFile(string database, ModuleVersion module)
    {
        var escapedPath = EscapedPath(module.Path);
        ArgumentNullException.ThrowIfNull(module.Version, nameof(module));
        var escapedVersion = ModulePath.EscapeVersion(module.Version);
        return Path.Join(GetChecksumDatabaseDirectory(database), "lookup", OsPath(escapedPath) + "@" + escapedVersion);
    }

    /// <summary>
    /// Checks that a version can have cache names: a valid semantic version, equal to its canonical form
    /// (<see cref="SemVer.CanonicalModuleVersion(string)"/>), that can be escaped.
    /// </summary>
    /// <param name="version">The version.</param>
    /// <returns>The escaped version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// The version is not a semantic version (<see cref="InvalidModuleVersionException.Kind"/> is
    /// <see cref="VersionErrorKinds.NonSemver"/>, message <c>non-semver module version "…"</c>)
    /// -or-
    /// it is not canonical (<see cref="VersionErrorKinds.NonCanonical"/>)
    /// -or-
    /// it cannot be escaped (<see cref="VersionErrorKinds.DisallowedVersion"/>).
    /// </exception>
    public static string EscapeCacheVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!SemVer.IsValid(version))
        {
            var message = PathErrors.Format(SR.CacheNonSemver, GoQuote.Quote(version.AsSpan()));
            throw new InvalidModuleVersionException(message, version, VersionErrorKinds.NonSemver, message, null);
        }

        if (!string.Equals(SemVer.CanonicalModuleVersion(version), version, StringComparison.Ordinal))
        {
            var message = PathErrors.Format(SR.CacheNonCanonical, GoQuote.Quote(version.AsSpan()));
            throw new InvalidModuleVersionException(message, version, VersionErrorKinds.NonCanonical, message, null);
        }

        return ModulePath.EscapeVersion(version);
    }

    /// <summary>Tries to get the escaped form of a version that can have cache names; see <see cref="EscapeCacheVersion"/>.</summary>
    /// <param name="version">The version.</param>
    /// <param name="escaped">The escaped version, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the version can have cache names.</returns>
    public static bool TryEscapeCacheVersion(string? version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? escaped)
    {
        escaped = null;
        return version is not null && SemVer.IsValid(version)
            && string.Equals(SemVer.CanonicalModuleVersion(version), version, StringComparison.Ordinal)
            && ModulePath.TryEscapeVersion(version, out escaped);
    }

    private string GetVersionFile(ModuleVersion module, string suffix)
    {
        var directory = GetDownloadDirectory(module.Path);
        return Path.Join(directory, EscapedVersion(module.Version) + "." + suffix);
    }

    private static string EscapedPath(ModulePath path)
    {
        if (path.Value.Length == 0)
        {
            throw new ArgumentException("The module path is the default (empty) value.", nameof(path));
        }

        return path.Escape();
    }

    private static string EscapedVersion(string? version)
    {
        if (version is null)
        {
            throw new ArgumentException("The module version is null.", nameof(version));
        }

        return EscapeCacheVersion(version);
    }

    private static string OsPath(string slashPath)
        => Path.DirectorySeparatorChar == '/' ? slashPath : slashPath.Replace('/', Path.DirectorySeparatorChar);
}
