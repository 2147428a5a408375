using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>
/// Answers the GOPROXY URL space (<c>@v/list</c>, <c>@latest</c>, <c>.info</c>, <c>.mod</c>, <c>.zip</c>) from
/// version control, so that direct mode shares the proxy protocol's query, check and limit rules.
/// </summary>
internal sealed class VcsProxyTransport : IModuleProxyTransport
{
    private readonly IRepositoryRootResolver _resolver;
    private readonly GitProcess _git;
    private readonly string _workDirectory;
    private readonly IModuleProxyTransportFactory? _modProxies;
    private readonly TimeSpan _refreshInterval;
    private readonly SingleFlight<string, object> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GitRepository> _repositories = new(StringComparer.Ordinal);

    public VcsProxyTransport(IRepositoryRootResolver resolver, GitProcess git, string workDirectory, IModuleProxyTransportFactory? modProxies, TimeSpan refreshInterval)
    {
        _refreshInterval = refreshInterval;
        _modProxies = modProxies;
        _resolver = resolver;
        _git = git;
        _workDirectory = workDirectory;
    }

    public string RedactedBaseUrl => "direct";

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await CopyToAsync(path, buffer, maxBytes, null, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var (module, kind, version) = Split(path);
        var source = await GetModuleAsync(module, cancellationToken).ConfigureAwait(false);
        if (source is IModuleProxyTransport proxy)
        {
            // A go-import tag of kind "mod": the module is served by a module proxy at the tag's URL.
            return await proxy.CopyToAsync(path, destination, maxBytes, progress, cancellationToken).ConfigureAwait(false);
        }

        var repo = (CodeRepository)source;
        byte[] data;
        switch (kind)
        {
            case "list":
            {
                var list = await repo.VersionsAsync(cancellationToken).ConfigureAwait(false);
                var sb = new StringBuilder();
                foreach (var v in list)
                {
                    sb.Append(v).Append('\n');
                }

                data = Encoding.UTF8.GetBytes(sb.ToString());
                break;
            }

            case "latest":
                data = InfoJson(await repo.LatestAsync(cancellationToken).ConfigureAwait(false));
                break;
            case ".info":
                data = InfoJson(await repo.StatAsync(version, cancellationToken).ConfigureAwait(false));
                break;
            case ".mod":
                data = await repo.GoModAsync(version, cancellationToken).ConfigureAwait(false);
                break;
            default:
            {
                var counter = new CountingStream(destination, progress);
                try
                {
                    await repo.ZipAsync(version, counter, cancellationToken).ConfigureAwait(false);
                }
                catch (GoModules.Zip.ModuleZipException ex)
                {
                    throw new ModuleFetchException(ex.Message, ex);
                }

                return counter.BytesWritten;
            }
        }

        await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        progress?.Report(data.Length);
        return data.Length;
    }

    /// <summary>
    /// The source of a module, resolved once and shared by concurrent callers; the resolution runs until the last
    /// interested caller gives up, and a failure is forgotten.
    /// </summary>
    private Task<object> GetModuleAsync(ModulePath module, CancellationToken cancellationToken)
        => _modules.RunAsync(module.Value, (_, ct) => CreateAsync(module, ct), cancellationToken);

    private async Task<object> CreateAsync(ModulePath module, CancellationToken cancellationToken)
    {
        var root = await _resolver.ResolveAsync(module, cancellationToken).ConfigureAwait(false);
        if (root.Vcs == "mod")
        {
            if (_modProxies is null)
            {
                throw new ModuleFetchException(SRFormat.Format(SR.DirectModProxyNotConfigured, ServerText.Sanitize(root.Root), ServerText.Sanitize(root.RepositoryUrl)));
            }

            return _modProxies.Create(root.RepositoryUrl);
        }

        if (root.Vcs != "git")
        {
            throw new ModuleFetchException(SRFormat.Format(SR.DirectUnsupportedVcs, ServerText.Sanitize(root.Vcs), ServerText.Sanitize(root.RepositoryUrl)));
        }

        var git = _repositories.GetOrAdd(root.RepositoryUrl, url => new GitRepository(_git, url, Path.Combine(_workDirectory, MirrorName("git", url)), _refreshInterval));
        return new CodeRepository(git, root.RepositoryUrl, root.Root, root.Subdirectory, module.Value, Path.Combine(_workDirectory, "tmp"));
    }

    /// <summary>The mirror directory name: hex SHA-256 of "vcs url", as the go command names its work directories.</summary>
    internal static string MirrorName(string vcs, string url)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(vcs + ": " + url));
        return Convert.ToHexStringLower(hash);
    }

    private static (ModulePath Module, string Kind, string Version) Split(string path)
    {
        string escapedPath, kind, version = string.Empty;
        var v = path.LastIndexOf("/@v/", StringComparison.Ordinal);
        if (path.EndsWith("/@latest", StringComparison.Ordinal))
        {
            escapedPath = path[..^"/@latest".Length];
            kind = "latest";
        }
        else if (v > 0 && path.EndsWith("/@v/list", StringComparison.Ordinal))
        {
            escapedPath = path[..v];
            kind = "list";
        }
        else if (v > 0)
        {
            escapedPath = path[..v];
            var file = path[(v + 4)..];
            var dot = file.LastIndexOf('.');
            kind = dot < 0 ? string.Empty : file[dot..];
            if (kind is not (".info" or ".mod" or ".zip"))
            {
                throw new ModuleNotFoundException(SRFormat.Format(SR.DirectNotFound, path));
            }

            version = ModulePath.UnescapeVersion(file[..dot]);
        }
        else
        {
            throw new ModuleNotFoundException(SRFormat.Format(SR.DirectNotFound, path));
        }

        return (ModulePath.Unescape(escapedPath), kind, version);
    }

    /// <summary>The complete metadata as a proxy answers it, through the one <c>.info</c> JSON writer.</summary>
    private static byte[] InfoJson(ModuleInfo info) => Encoding.UTF8.GetBytes(info.ToJson(ModuleInfoJsonForm.Complete));
}
