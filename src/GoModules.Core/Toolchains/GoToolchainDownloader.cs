using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Kernel;

namespace GoModules.Toolchains;

/// <summary>
/// Downloads Go toolchains as the go command does when it switches toolchains (Go 1.21 and later): the module
/// <c>golang.org/toolchain@v0.0.1-&lt;toolchain&gt;.&lt;goos&gt;-&lt;goarch&gt;</c> comes through the cache's fetcher
/// (the GOPROXY chain) into the module cache, checked with the checksum database, and is then made runnable in
/// place.
/// </summary>
/// <remarks>
/// <para>
/// The cache must have a <see cref="ModuleCacheOptions.ChecksumVerifier"/>. Its
/// <see cref="SumDb.ModuleChecksumVerifier.AlwaysVerifyToolchains"/> rule makes the checksum database decide even
/// when GOSUMDB is <c>off</c>, GONOSUMDB matches or go.sum lists the hash, and it is consulted on every download,
/// also when the toolchain is already in the cache (as the go command consults it on every switch).
/// </para>
/// <para>
/// After extraction (read-only files, as for every module), the go command's two fix-ups are applied, in its order
/// and in its race-safe way, so that this class and go processes can unpack the same toolchain at the same time: when
/// <c>bin/go</c> is not executable, the execute bits are added to every file under <c>pkg/tool</c>, to files named
/// <c>go_*_*_exec</c> under <c>lib</c>, to <c>bin/gofmt</c> and then to everything under <c>bin</c> (not on Windows);
/// and each <c>_go.mod</c> file (the toolchain zip cannot hold files named go.mod below its root, as they would
/// start nested modules) is copied to a <c>go.mod</c> next to it, <c>src/go.mod</c> last, as the sign that the
/// work is done.
/// </para>
/// </remarks>
public sealed class GoToolchainDownloader
{
    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF; // 0777

    private readonly ModuleCache _cache;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="cache">The module cache to download into; it must have a
    /// <see cref="ModuleCacheOptions.ChecksumVerifier"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> is null.</exception>
    /// <exception cref="ArgumentException">The cache has no checksum verifier.</exception>
    public GoToolchainDownloader(ModuleCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.Options.ChecksumVerifier is null)
        {
            throw new ArgumentException(SR.ToolchainNeedsVerifier, nameof(cache));
        }

        _cache = cache;
    }

    /// <summary>Gets the GOOS of this process's platform.</summary>
    /// <value>For example <c>linux</c>, <c>darwin</c>, <c>windows</c>, <c>freebsd</c>.</value>
    public static string HostGoos
        => OperatingSystem.IsWindows() ? "windows"
            : OperatingSystem.IsMacOS() ? "darwin"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : OperatingSystem.IsAndroid() ? "android"
            : OperatingSystem.IsIOS() ? "ios"
            : "linux";

    /// <summary>Gets the GOARCH of this process's platform.</summary>
    /// <value>For example <c>amd64</c>, <c>arm64</c>, <c>386</c>.</value>
    public static string HostGoarch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.Armv6 => "arm",
        Architecture.LoongArch64 => "loong64",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.S390x => "s390x",
        Architecture.Wasm => "wasm",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Downloads a toolchain for a platform and makes it runnable in the module cache.</summary>
    /// <param name="toolchain">The toolchain name, such as <c>go1.22.0</c>.</param>
    /// <param name="goos">The GOOS, such as <c>linux</c>; null for this process's (<see cref="HostGoos"/>).</param>
    /// <param name="goarch">The GOARCH, such as <c>amd64</c>; null for this process's (<see cref="HostGoarch"/>).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The unpacked toolchain.</returns>
    /// <exception cref="ArgumentException"><paramref name="toolchain"/> is empty.</exception>
    /// <exception cref="ModuleNotFoundException">No proxy has the toolchain: <c>download go1.N.P for goos/goarch:
    /// toolchain not available</c>, or for a language version from 1.21 on <c>invalid toolchain: go1.N is a language
    /// version but not a toolchain version (go1.N.x)</c>.</exception>
    /// <exception cref="GoModuleException">The download, the checksum check or the unpacking failed
    /// (<c>download go1.N.P: …</c>; the cause is the inner exception).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<GoToolchainDownload> DownloadAsync(string toolchain, string? goos = null, string? goarch = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolchain);
        goos = string.IsNullOrEmpty(goos) ? HostGoos : goos;
        goarch = string.IsNullOrEmpty(goarch) ? HostGoarch : goarch;
        ModuleVersion module;
        try
        {
            module = GoToolchainSelection.GetToolchainModule(toolchain, goos, goarch);
        }
        catch (GoModuleException ex)
        {
            throw new GoModuleException(SRFormat.Format(SR.ToolchainDownloadFailed, toolchain, ex.Message), ex);
        }

        string dir;
        string sum;
        try
        {
            dir = await _cache.DownloadAsync(module, cancellationToken).ConfigureAwait(false);
            sum = await _cache.GetZipHashAsync(module, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ModuleNotFoundException ex)
        {
            var version = GoVersion.FromToolchain(toolchain);
            var message = GoVersion.IsLanguageVersion(version) && GoVersion.Compare(version, "1.21") >= 0
                ? SRFormat.Format(SR.ToolchainLanguageVersion, toolchain)
                : SRFormat.Format(SR.ToolchainNotAvailable, toolchain, goos, goarch);
            throw new ModuleNotFoundException(message, ex);
        }
        catch (Exception ex) when (ex is GoModuleException or ChecksumMismatchException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new GoModuleException(SRFormat.Format(SR.ToolchainDownloadFailed, toolchain, ex.Message), module, ex);
        }

        try
        {
            // The files are extracted read-only and not executable, as the go command extracts every module.
            if (!OperatingSystem.IsWindows())
            {
                MakeExecutable(dir);
            }

            RestoreGoModFiles(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GoModuleException(SRFormat.Format(SR.ToolchainDownloadFailed, toolchain, ex.Message), module, ex);
        }

        var goCommand = Path.Join(dir, "bin", goos == "windows" ? "go.exe" : "go");
        return new GoToolchainDownload(toolchain, goos, goarch, module, dir, goCommand, sum);
    }

    /// <summary>The go command's execute-bit fix-up, done only while <c>bin/go</c> is not executable.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeExecutable(string dir)
    {
        var go = Path.Join(dir, "bin", "go");
        if (!File.Exists(go))
        {
            throw new FileNotFoundException(SRFormat.Format("stat {0}: no such file or directory", go), go);
        }

        if ((File.GetUnixFileMode(go) & ExecuteBits) != 0)
        {
            return;
        }

        // pkg/tool and lib before bin: a racing go command that sees bin/go executable may run the tools at once.
        AllowExecute(Path.Join(dir, "pkg", "tool"), null);
        AllowExecute(Path.Join(dir, "lib"), IsExecWrapperName);
        AllowExecute(Path.Join(dir, "bin", "gofmt"), null);
        AllowExecute(Path.Join(dir, "bin"), null);
    }

    /// <summary>Adds the execute bits to every file under <paramref name="root"/> (or to the file itself).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AllowExecute(string root, Func<string, bool>? match)
    {
        if (!File.Exists(root) && !Directory.Exists(root))
        {
            // The go command walks each of these and stops at the first that is missing.
            throw new DirectoryNotFoundException(SRFormat.Format("lstat {0}: no such file or directory", root));
        }

        foreach (var file in WalkFiles(root))
        {
            if (match is null || match(Path.GetFileName(file)))
            {
                File.SetUnixFileMode(file, (File.GetUnixFileMode(file) & PermissionBits) | ExecuteBits);
            }
        }
    }

    /// <summary>The pattern <c>go_?*_?*_exec</c> (lib/wasm/go_js_wasm_exec and the like).</summary>
    internal static bool IsExecWrapperName(string name)
    {
        if (!name.StartsWith("go_", StringComparison.Ordinal) || !name.EndsWith("_exec", StringComparison.Ordinal) || name.Length < "go_a_b_exec".Length)
        {
            return false;
        }

        var middle = name.AsSpan(3, name.Length - 3 - 5);
        for (var k = 1; k < middle.Length - 1; k++)
        {
            if (middle[k] == '_')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Copies every <c>_go.mod</c> to <c>go.mod</c> in its directory, <c>src/go.mod</c> last, unless
    /// <c>src/go.mod</c> already has the size of <c>src/_go.mod</c> (the work is done).
    /// </summary>
    private static void RestoreGoModFiles(string dir)
    {
        var srcUGoMod = Path.Join(dir, "src", "_go.mod");
        var srcGoMod = Path.Join(dir, "src", "go.mod");
        if (Size(srcGoMod) == Size(srcUGoMod))
        {
            return;
        }

        var writeBits = WriteBits();
        foreach (var file in WalkFiles(dir))
        {
            if (file == srcUGoMod || Path.GetFileName(file) != "_go.mod")
            {
                continue;
            }

            RaceSafeCopy(file, Path.Join(Path.GetDirectoryName(file), "go.mod"), writeBits);
        }

        RaceSafeCopy(srcUGoMod, srcGoMod, writeBits);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> so that several processes doing the same at once
    /// all succeed with the same result: an existing target of the right size is kept; otherwise the target is opened
    /// without truncation and the (never changing) content written over it; the target gets the source's mode.
    /// </summary>
    private static void RaceSafeCopy(string source, string target, UnixFileMode writeBits)
    {
        var sourceInfo = new FileInfo(source);
        if (!sourceInfo.Exists)
        {
            throw new FileNotFoundException(SRFormat.Format("stat {0}: no such file or directory", source), source);
        }

        var targetInfo = new FileInfo(target);
        if (targetInfo.Exists && targetInfo.Length == sourceInfo.Length)
        {
            return;
        }

        var data = File.ReadAllBytes(source);
        var parent = Path.GetDirectoryName(source)!;
        UnixFileMode parentMode = default;
        UnixFileMode sourceMode = default;
        if (!OperatingSystem.IsWindows())
        {
            parentMode = File.GetUnixFileMode(parent);
            sourceMode = File.GetUnixFileMode(source);
            File.SetUnixFileMode(parent, parentMode | writeBits);
        }

        try
        {
            FileStream stream;
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.Write,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                };
                if (!OperatingSystem.IsWindows())
                {
                    // Created writable, so that a racing process can still open it before the final mode is set.
                    options.UnixCreateMode = writeBits & ~ExecuteBits;
                }
                else if (File.Exists(target))
                {
                    File.SetAttributes(target, File.GetAttributes(target) & ~FileAttributes.ReadOnly);
                }

                stream = new FileStream(target, options);
            }
            catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && Size(source) == Size(target))
            {
                // A racing process finished first and left the file read-only.
                return;
            }

            try
            {
                using (stream)
                {
                    stream.Write(data);
                }
            }
            finally
            {
                if (OperatingSystem.IsWindows())
                {
                    File.SetAttributes(target, File.GetAttributes(target) | FileAttributes.ReadOnly);
                }
                else
                {
                    File.SetUnixFileMode(target, sourceMode);
                }
            }
        }
        finally
        {
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    File.SetUnixFileMode(parent, parentMode);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Best effort, as in the go command.
                }
            }
        }
    }

    /// <summary>The bits that make a directory writable under the process umask (the go command's <c>sysWriteBits</c>).</summary>
    private static UnixFileMode WriteBits()
    {
        var umask = (int)CacheFiles.Umask;
        return (UnixFileMode)((umask & 0x12) == 0x12 ? 0x1C0 : (umask & 0x2) == 0x2 ? 0x1F8 : 0x1FF); // 0700, 0770, 0777
    }

    private static long Size(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? info.Length : -1;
    }

    /// <summary>The files of a tree (or the file itself), in the go command's walk order (sorted names, depth first).</summary>
    private static IEnumerable<string> WalkFiles(string root)
    {
        if (File.Exists(root))
        {
            yield return root;
            yield break;
        }

        var entries = new List<string>(Directory.EnumerateFileSystemEntries(root));
        entries.Sort(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                foreach (var file in WalkFiles(entry))
                {
                    yield return file;
                }
            }
            else
            {
                yield return entry;
            }
        }
    }
}
