using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Patterns;
using GoModules.SumDb.Internal;
using Microsoft.Extensions.Logging;

namespace GoModules.SumDb;

/// <summary>
/// Decides whether downloaded module content may be used, as the go command does before it accepts a go.mod or a module
/// zip (cmd/go's <c>checkModSum</c>): a hash recorded in go.sum settles it; otherwise, unless GOSUMDB is <c>off</c> or the
/// module path matches GONOSUMDB (which defaults to GOPRIVATE), the checksum database must agree; then the hash is
/// added to go.sum.
/// </summary>
/// <remarks>
/// <para>
/// A go.sum line that disagrees is a <see cref="ChecksumMismatchException"/>, whatever GONOSUMDB or GOSUMDB say. A database
/// line that disagrees is a <see cref="ChecksumMismatchException"/> too (the expected source is the database name). When
/// the database's answer has no line for the version (the genuine record of another module, say), the content is
/// refused with a <see cref="ChecksumDatabaseSecurityException"/> that reads as the go command's
/// <c>verifying go.mod: checksum missing from sumdb response</c> SECURITY ERROR. (A go.mod that the database
/// contradicts fails with a <see cref="ModuleFetchException"/> whose inner exception is the
/// <see cref="ChecksumMismatchException"/>, so that inside a GOPROXY walk the next <c>|</c> entry is tried, as the go
/// command does; a go.sum line that contradicts it ends the walk.) A database that cannot be
/// asked (an invalid GOSUMDB, a failed lookup) fails the check with a <see cref="ModuleFetchException"/>
/// (<see cref="ModuleFetchFailure.ChecksumDatabase"/>) whose message reads <c>path@version: verifying go.mod: …</c>; a
/// database caught misbehaving fails it with <see cref="ChecksumDatabaseSecurityException"/>.
/// </para>
/// <para>
/// The GOSUMDB setting is read, and the database client made, only when the database is first needed, so that an invalid
/// setting only matters for modules that need it (the go command reports it the same way). As an
/// <see cref="IGoModVerifier"/>, the verifier plugs into <see cref="ProxyChainFetcher.GoModVerifier"/>. Safe for concurrent
/// use.
/// </para>
/// </remarks>
public sealed class ModuleChecksumVerifier : IGoModVerifier
{
    private readonly string _goSumDb;
    private readonly PathPatternList _noSumDb;
    private readonly Func<ChecksumDatabaseSetting, ChecksumDatabaseClient> _createClient;
    private readonly Lock _lock = new();
    private Lazy<ChecksumDatabaseClient>? _client;
    private ILogger? _logger;

    /// <summary>Creates a verifier.</summary>
    /// <param name="goSumDb">The GOSUMDB value (null or empty means <c>sum.golang.org</c>); parsed when first needed.</param>
    /// <param name="noSumDb">The GONOSUMDB patterns (GOPRIVATE when GONOSUMDB is unset), or null for none.</param>
    /// <param name="createClient">Makes the database client for the parsed setting; called at most once.</param>
    /// <param name="goSum">The go.sum to check first and to add verified hashes to, or null for none (as outside a module).</param>
    /// <exception cref="ArgumentNullException"><paramref name="createClient"/> is null.</exception>
    public ModuleChecksumVerifier(string? goSumDb, PathPatternList? noSumDb, Func<ChecksumDatabaseSetting, ChecksumDatabaseClient> createClient, GoSumFile? goSum = null)
    {
        ArgumentNullException.ThrowIfNull(createClient);
        _goSumDb = string.IsNullOrEmpty(goSumDb) ? ChecksumDatabaseSetting.DefaultName : goSumDb;
        _noSumDb = noSumDb ?? PathPatternList.Parse(string.Empty);
        _createClient = createClient;
        GoSum = goSum;
    }

    /// <summary>
    /// Creates a verifier configured as the go command is by <paramref name="environment"/>: GOSUMDB, GONOSUMDB/GOPRIVATE,
    /// GOPROXY (to find the database), and the latest tree head in <c>$GOPATH/pkg/sumdb</c> with the cache under GOMODCACHE.
    /// </summary>
    /// <param name="environment">The Go settings.</param>
    /// <param name="transports">Creates the transport for a proxy or database URL.</param>
    /// <param name="options">Client settings, or null for the defaults.</param>
    /// <param name="goSum">The go.sum to check first and to add to, or null for none.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> or <paramref name="transports"/> is null.</exception>
    public static ModuleChecksumVerifier FromEnvironment(GoEnvironment environment, IModuleProxyTransportFactory transports, ChecksumDatabaseOptions? options = null, GoSumFile? goSum = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(transports);
        return new ModuleChecksumVerifier(
            environment.GoSumDb,
            environment.NoSumDbPatterns,
            setting => CreateClient(setting, environment, transports, options),
            goSum)
        {
            AlwaysVerifyToolchains = !IsToolchainExemption(environment.GoProxy, Environment.GetEnvironmentVariable("GIT_HTTP_USER_AGENT")),
            LoggerFactory = options?.LoggerFactory,
        };
    }

    /// <summary>The go command's exceptions to the toolchain rule (cmd/go's <c>useSumDB</c>).</summary>
    internal static bool IsToolchainExemption(string? goProxy, string? gitHttpUserAgent)
        => (goProxy is not null && goProxy.StartsWith("file://", StringComparison.Ordinal) && goProxy.AsSpan().IndexOfAny(',', '|') < 0)
            || (gitHttpUserAgent is not null && gitHttpUserAgent.Contains("proxy.golang.org", StringComparison.Ordinal));

    /// <summary>
    /// Gets a value indicating whether downloads of <c>golang.org/toolchain</c> (Go toolchains) are always checked with
    /// the checksum database, even when their hash is in go.sum, GOSUMDB is <c>off</c> (the check then fails:
    /// <c>checksum database disabled by GOSUMDB=off</c>) or GONOSUMDB matches, as the go command does since Go 1.21.
    /// </summary>
    /// <value>The default value is <see langword="true"/>. <see cref="FromEnvironment"/> sets it to false in the go
    /// command's two exceptions: GOPROXY is a single <c>file://</c> URL (testing a local distribution), or the
    /// process's GIT_HTTP_USER_AGENT mentions <c>proxy.golang.org</c> (the module mirror fetching a toolchain itself).
    /// Then toolchains follow the ordinary GOSUMDB and GONOSUMDB rules.</value>
    public bool AlwaysVerifyToolchains { get; init; } = true;

    /// <summary>
    /// Gets the logger factory of the checksum decisions (category <c>GoModules.SumDb.ModuleChecksumVerifier</c>, event ids
    /// 2301-2306: go.sum listed the hash, the database was skipped (GOSUMDB=off, GONOSUMDB), verified it, or disagreed).
    /// </summary>
    /// <value>The default value is <see langword="null"/> (<see cref="FromEnvironment"/> takes <see cref="ChecksumDatabaseOptions.LoggerFactory"/>): nothing is logged.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    private ILogger Logger => _logger ??= CoreLog.For<ModuleChecksumVerifier>(LoggerFactory);

    /// <summary>Gets the go.sum checked first and added to.</summary>
    /// <value>Null when there is none.</value>
    public GoSumFile? GoSum { get; }

    /// <summary>Gets a value indicating whether the checksum database is consulted for a module path (GOSUMDB is not <c>off</c> and GONOSUMDB does not match).</summary>
    /// <param name="modulePath">The module path.</param>
    /// <returns>True when hashes missing from go.sum are checked with the database.</returns>
    public bool UsesChecksumDatabase(string modulePath)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        return IsForcedToolchain(modulePath) || (_goSumDb != "off" && !_noSumDb.Matches(modulePath));
    }

    private bool IsForcedToolchain(string modulePath) => AlwaysVerifyToolchains && modulePath == ModulePath.ToolchainModulePath;

    /// <inheritdoc/>
    public async ValueTask VerifyGoModAsync(ModuleVersion module, ReadOnlyMemory<byte> goMod, CancellationToken cancellationToken = default)
        => await CheckAsync(module, isGoMod: true, DirHash.HashGoMod(goMod.Span), cancellationToken).ConfigureAwait(false);

    /// <summary>Checks the hash of a downloaded module zip (see <see cref="DirHash.HashZipAsync(Stream, CancellationToken)"/>).</summary>
    /// <param name="module">The module version.</param>
    /// <param name="zipHash">The zip's <c>h1:</c> hash.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the zip is accepted.</returns>
    /// <exception cref="ChecksumMismatchException">go.sum or the database records another hash.</exception>
    /// <exception cref="ChecksumDatabaseSecurityException">The database's answer does not verify.</exception>
    /// <exception cref="ModuleFetchException">The database could not be asked.</exception>
    public async ValueTask VerifyZipHashAsync(ModuleVersion module, string zipHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zipHash);
        await CheckAsync(module, isGoMod: false, zipHash, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CheckAsync(ModuleVersion module, bool isGoMod, string hash, CancellationToken cancellationToken)
    {
        var path = module.Path.Value;
        var version = module.Version ?? string.Empty;
        var sumVersion = isGoMod ? version + GoSumEntry.GoModSuffix : version;
        var kind = isGoMod ? GoSumHashKind.GoMod : GoSumHashKind.Zip;
        if (GoSum is { } goSum)
        {
            GoSumVerification verified;
            lock (goSum)
            {
                verified = goSum.Check(module, kind, hash);
            }

            // A toolchain is checked with the database even when go.sum lists it (cmd/go's checkModSum).
            if (verified == GoSumVerification.Verified && !IsForcedToolchain(path))
            {
                var logger = Logger;
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    var subject = module.ToString();
                    CoreLog.GoSumListed(logger, subject, isGoMod ? "go.mod" : "zip", hash);
                }

                return;
            }
        }

        if (UsesChecksumDatabase(path))
        {
            try
            {
                await CheckDatabaseAsync(module, isGoMod, sumVersion, hash, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Logger.IsEnabled(LogLevel.Warning))
            {
                var mismatch = ex as ChecksumMismatchException ?? ex.InnerException as ChecksumMismatchException;
                var subject = module.ToString();
                if (mismatch is not null)
                {
                    CoreLog.ChecksumDatabaseMismatch(Logger, subject, isGoMod ? "go.mod" : "zip", hash, mismatch.ExpectedSource, mismatch.Expected);
                }
                else
                {
                    CoreLog.ChecksumDatabaseFailed(Logger, subject, isGoMod ? "go.mod" : "zip", hash, ex.Message, ex);
                }

                throw;
            }

            if (Logger is var verifiedLogger && verifiedLogger.IsEnabled(LogLevel.Debug))
            {
                var subject = module.ToString();
                CoreLog.ChecksumDatabaseVerified(verifiedLogger, subject, isGoMod ? "go.mod" : "zip", hash, _goSumDb);
            }
        }
        else if (Logger is var skippedLogger && skippedLogger.IsEnabled(LogLevel.Debug))
        {
            var subject = module.ToString();
            CoreLog.ChecksumDatabaseSkipped(skippedLogger, subject, isGoMod ? "go.mod" : "zip", hash, _goSumDb == "off" ? "GOSUMDB=off" : "GONOSUMDB (or GOPRIVATE) matches the module path");
        }

        if (GoSum is { } sum)
        {
            lock (sum)
            {
                sum.Add(module, kind, hash);
            }
        }
    }

    private async ValueTask CheckDatabaseAsync(ModuleVersion module, bool isGoMod, string sumVersion, string hash, CancellationToken cancellationToken)
    {
        var path = module.Path.Value;
        var noun = isGoMod ? "go.mod" : "module";
        var prefix = path + "@" + module.Version + ": ";
        ChecksumDatabaseClient client;
        System.Collections.Generic.IReadOnlyList<string> lines;
        try
        {
            client = GetClient();
            lines = await client.LookupAsync(path, sumVersion, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ChecksumDatabaseSecurityException ex) when (ex.IsChecksumMissing)
        {
            throw Missing(module, prefix, noun, ex);
        }
        catch (ChecksumDatabaseSecurityException ex)
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbVerifying, prefix, noun, ex.Message), module, ex) { IsFork = ex.IsFork };
        }
        catch (Exception ex) when (ex is GoModuleException or FormatException or IOException or UnauthorizedAccessException or System.Net.Http.HttpRequestException or InvalidOperationException or NotSupportedException)
        {
            var failure = ex is InvalidChecksumDatabaseSettingException ? ModuleFetchFailure.InvalidConfiguration : ModuleFetchFailure.ChecksumDatabase;
            var status = ex is ModuleFetchException fe ? fe.StatusCode : ex is ModuleNotFoundException nf ? nf.StatusCode : null;
            // As in the go command, lookup errors name the record asked for (path@version[/go.mod]); setting errors do not.
            var inner = ex is InvalidChecksumDatabaseSettingException or InvalidOperationException ? ex.Message : path + "@" + sumVersion + ": " + ex.Message;
            throw new ModuleFetchException(SumDbText.Format(SR.SumDbVerifying, prefix, noun, inner), failure, status, null, null, ex);
        }

        var have = path + " " + sumVersion + " " + hash;
        var linePrefix = path + " " + sumVersion + " h1:";
        foreach (var line in lines)
        {
            if (line == have)
            {
                return;
            }

            if (line.StartsWith(linePrefix, StringComparison.Ordinal))
            {
                var expected = line[(linePrefix.Length - 3)..];
                var mismatch = new ChecksumMismatchException(path, module.Version ?? string.Empty, isGoMod, expected, hash, client.Name);
                if (!isGoMod)
                {
                    throw mismatch;
                }

                // Inside the GOPROXY walk the go command treats this as the entry's error: with "|" the next entry's copy
                // may still be the right one.
                throw new ModuleFetchException(SumDbText.Format(SR.SumDbVerifying, prefix, noun, SumDbText.Format(SR.SumDbMismatch, hash, client.Name, expected)), ModuleFetchFailure.ChecksumDatabase, null, null, null, mismatch);
            }
        }

        // No line for this version is no answer, never a yes (the client already refuses such a record).
        throw Missing(module, prefix, noun, null);
    }

    /// <summary>The go command's report of a database answer without the line asked for.</summary>
    private static ChecksumDatabaseSecurityException Missing(ModuleVersion module, string prefix, string noun, Exception? inner)
        => new(SumDbText.Format(SR.SumDbVerifying, prefix, noun, SR.SumDbChecksumMissing), module, inner) { IsChecksumMissing = true };

    /// <summary>Gets the checksum database client, making it on first use from the GOSUMDB setting.</summary>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidChecksumDatabaseSettingException">GOSUMDB is invalid.</exception>
    /// <exception cref="InvalidOperationException">GOSUMDB is <c>off</c>, or the client could not be made (for example without GOPATH).</exception>
    public ChecksumDatabaseClient GetDatabaseClient()
    {
        if (_goSumDb == "off")
        {
            throw new InvalidOperationException("GOSUMDB=off: the checksum database is disabled.");
        }

        return GetClient();
    }

    private ChecksumDatabaseClient GetClient()
    {
        if (_goSumDb == "off")
        {
            // Only reached for a toolchain that must be verified: the go command's lookup fails this way.
            throw new InvalidOperationException(SR.ToolchainSumDbOff);
        }

        Lazy<ChecksumDatabaseClient> lazy;
        lock (_lock)
        {
            lazy = _client ??= new Lazy<ChecksumDatabaseClient>(() => _createClient(ChecksumDatabaseSetting.Parse(_goSumDb)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return lazy.Value;
    }

    private static ChecksumDatabaseClient CreateClient(ChecksumDatabaseSetting setting, GoEnvironment environment, IModuleProxyTransportFactory transports, ChecksumDatabaseOptions? options)
    {
        var gopath = environment.GoPathList.Length > 0 ? environment.GoPathList[0] : string.Empty;
        var modCache = environment.GoModCache;
        if (gopath.Length == 0 || !Path.IsPathFullyQualified(gopath) || modCache.Length == 0 || !Path.IsPathFullyQualified(modCache))
        {
            throw new InvalidOperationException(SumDbText.Format(SR.SumDbMissingGoPath, gopath.Length == 0 ? string.Empty : ": GOPATH and GOMODCACHE must be absolute paths"));
        }

        var remote = ChecksumDatabaseRemote.FromEnvironment(setting, environment, transports, options);
        var transport = new FileSystemChecksumDatabaseTransport(Path.Combine(gopath, "pkg", "sumdb"), modCache, remote.ReadAsync);
        return new ChecksumDatabaseClient(setting.Verifier!, transport, options);
    }
}
