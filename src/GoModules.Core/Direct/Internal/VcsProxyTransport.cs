using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.Json;
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
                throw new ModuleFetchException("go-import tag for " + GoModules.Kernel.ServerText.Sanitize(root.Root) + " names module proxy " + GoModules.Kernel.ServerText.Sanitize(root.RepositoryUrl) + ", but no proxy transport is configured for direct mode");
            }

            return _modProxies.Create(root.RepositoryUrl);
        }

        if (root.Vcs != "git")
        {
            throw new ModuleFetchException("unsupported version control system " + GoModules.Kernel.ServerText.Sanitize(root.Vcs) + " for " + GoModules.Kernel.ServerText.Sanitize(root.RepositoryUrl) + " (only git is implemented)");
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
                throw new ModuleNotFoundException("not found: " + path);
            }

            version = ModulePath.UnescapeVersion(file[..dot]);
        }
        else
        {
            throw new ModuleNotFoundException("not found: " + path);
        }

        return (ModulePath.Unescape(escapedPath), kind, version);
    }

    private static byte[] InfoJson(ModuleInfo info)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Version", info.Version);
            // The one Go time formatter, so fractional seconds are never dropped.
            w.WriteString("Time", GoJson.FormatTime(info.Time.ToUniversalTime()));
            if (info.Origin is { } o)
            {
                w.WriteStartObject("Origin");
                Write(w, "VCS", o.Vcs);
                Write(w, "URL", o.Url);
                Write(w, "Subdir", o.Subdir);
                Write(w, "Hash", o.Hash);
                Write(w, "TagPrefix", o.TagPrefix);
                Write(w, "TagSum", o.TagSum);
                Write(w, "Ref", o.Ref);
                Write(w, "RepoSum", o.RepoSum);
                w.WriteEndObject();
            }

            Write(w, "Name", info.Name);
            Write(w, "Short", info.Short);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
