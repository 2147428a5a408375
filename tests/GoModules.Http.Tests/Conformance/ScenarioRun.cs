using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Tests.Conformance;

/// <summary>The servers, files and settings of one scenario, and the library operation it replays.</summary>
public sealed class ScenarioRun : IAsyncDisposable
{
    /// <summary>Recorded delays and hangs are replayed this much faster; the client has no timeout shorter than them.</summary>
    public const double TimeScale = 0.1;

    private const double MaxScaledSeconds = 1.0;

    private readonly FallbackScenario _scenario;
    private readonly Dictionary<string, ScriptedHttpServer> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ServerBehavior>> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerBehavior> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _remapped = new(StringComparer.Ordinal);
    private readonly string _root;

    private ScenarioRun(FallbackScenario scenario, string root)
    {
        _scenario = scenario;
        _root = root;
    }

    public RequestLog Log { get; } = new();

    public IReadOnlyDictionary<string, ScriptedHttpServer> Servers => _servers;

    public IReadOnlyDictionary<string, string> Placeholders => _placeholders;

    public static ScenarioRun Start(FallbackScenario scenario)
    {
        var root = Path.Combine(TestContext.CurrentContext.WorkDirectory, "scenario-runs", scenario.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var run = new ScenarioRun(scenario, root);
        var s = scenario.Element;
        foreach (var server in s.GetProperty("servers").EnumerateObject())
        {
            var name = server.Name;
            var address = IPAddress.Loopback;
            var port = 0;
            if (server.Value.TryGetProperty("host", out var h) && h.GetString() is { } host)
            {
                address = IPAddress.Parse(host);
            }

            if (server.Value.TryGetProperty("port", out var p))
            {
                port = p.GetInt32();
            }

            if (!address.Equals(IPAddress.Loopback) || port != 0)
            {
                // Tests bind 127.0.0.1 only: a server recorded elsewhere (127.0.0.3:80 for go-get discovery)
                // listens on an ephemeral loopback port, and the direct-mode client's connections to the
                // recorded address are sent there (see CreateFetcher).
                var recorded = new DnsEndPoint(address.ToString(), port == 0 ? 80 : port);
                var moved = new ScriptedHttpServer(name, path => run.Route(name, path), run.Log, IPAddress.Loopback, 0);
                run._servers[name] = moved;
                run._remapped[recorded.Host + ":" + recorded.Port.ToString(CultureInfo.InvariantCulture)] = moved.Port;
                continue;
            }

            run._servers[name] = new ScriptedHttpServer(name, path => run.Route(name, path), run.Log, address, port);
        }

        foreach (var (name, server) in run._servers)
        {
            run._placeholders["{" + name + "}"] = server.BaseUrl;
            run._placeholders["{" + name + "_HOSTPORT}"] = server.HostPort;
        }

        var fileProxy = Path.Combine(root, "fileproxy");
        Directory.CreateDirectory(fileProxy);
        run._placeholders["{FILEPROXY}"] = fileProxy;

        foreach (var server in s.GetProperty("servers").EnumerateObject())
        {
            var routes = new Dictionary<string, ServerBehavior>(StringComparer.Ordinal);
            if (server.Value.TryGetProperty("routes", out var r))
            {
                foreach (var route in r.EnumerateObject())
                {
                    routes[route.Name] = run.Behavior(route.Value);
                }
            }

            run._routes[server.Name] = routes;
            run._defaults[server.Name] = server.Value.TryGetProperty("default", out var d) ? run.Behavior(d) : ServerBehavior.Text(404, "not found");
        }

        if (s.TryGetProperty("file_proxy", out var files))
        {
            foreach (var f in files.EnumerateObject())
            {
                var target = Path.Combine(fileProxy, f.Name.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, run.Bytes(f.Value));
            }
        }

        Directory.CreateDirectory(run.Home);
        if (s.TryGetProperty("home_files", out var homeFiles))
        {
            foreach (var f in homeFiles.EnumerateObject())
            {
                var target = Path.Combine(run.Home, f.Name.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, run.Bytes(f.Value));
            }
        }

        return run;
    }

    public string Home => Path.Combine(_root, "home");

    public string Substitute(string text)
    {
        foreach (var (k, v) in _placeholders.OrderByDescending(p => p.Key.Length))
        {
            text = text.Replace(k, v, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The go settings the recording ran with: the documented defaults plus the scenario's env.</summary>
    public Dictionary<string, string?> Environment()
    {
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GONOPROXY"] = string.Empty,
            ["GONOSUMDB"] = string.Empty,
            ["GOPRIVATE"] = string.Empty,
            ["GOINSECURE"] = string.Empty,
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=mod",
            ["GO111MODULE"] = "on",
            ["GOENV"] = "off",
            ["HOME"] = Home,
            ["GOPATH"] = Path.Combine(_root, "gopath"),
            ["GOMODCACHE"] = Path.Combine(_root, "gopath", "pkg", "mod"),
        };
        foreach (var p in _scenario.Element.GetProperty("env").EnumerateObject())
        {
            vars[p.Name] = Substitute(p.Value.GetString() ?? string.Empty);
        }

        return vars;
    }

    public IModuleFetcher CreateFetcher(out ServiceProvider provider)
    {
        var services = new ServiceCollection();
        var environment = GoEnvironment.FromVariables(Environment());
        var builder = services.AddGoModules(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(5);
            o.BodyReadTimeout = TimeSpan.FromSeconds(5);
        }).Configure(o => o.UseEnvironment = false).UseGoEnvironment(environment);
        if (environment.GoSumDb != "off")
        {
            // The go command verifies every download with the checksum database (the recordings start with no go.sum).
            builder.UseChecksumDatabase();
        }

        if (_remapped.Count != 0)
        {
            // Direct mode with go-get discovery: connections to a recorded address go to the loopback port
            // its server really listens on; every other port of that host refuses, as nothing listened
            // there when the scenario was recorded.
            builder.UseDirectMode();
            var remapped = _remapped;
            services.AddHttpClient("GoModules.GoGet").ConfigurePrimaryHttpMessageHandler((handler, _) =>
                ((SocketsHttpHandler)handler).ConnectCallback = async (context, ct) =>
                {
                    var key = context.DnsEndPoint.Host + ":" + context.DnsEndPoint.Port.ToString(CultureInfo.InvariantCulture);
                    int port;
                    if (remapped.TryGetValue(key, out var target))
                    {
                        port = target;
                    }
                    else if (remapped.Keys.Any(k => k.StartsWith(context.DnsEndPoint.Host + ":", StringComparison.Ordinal)))
                    {
                        throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
                    }
                    else
                    {
                        port = context.DnsEndPoint.Port;
                    }

                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        var address = remapped.ContainsKey(key) ? IPAddress.Loopback : IPAddress.Parse(context.DnsEndPoint.Host);
                        await socket.ConnectAsync(new IPEndPoint(address, port), ct);
                        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                });
        }

        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IModuleFetcher>();
    }

    private ServerBehavior Route(string server, string path)
    {
        if (_routes.TryGetValue(server, out var routes) && routes.TryGetValue(path, out var b))
        {
            return b;
        }

        return _defaults.TryGetValue(server, out var d) ? d : ServerBehavior.Text(404, "not found");
    }

    private ServerBehavior Behavior(JsonElement e)
    {
        var action = e.TryGetProperty("action", out var a) ? a.GetString() : null;
        var status = e.TryGetProperty("status", out var st) ? st.GetInt32() : 200;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.TryGetProperty("headers", out var hs) && hs.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in hs.EnumerateObject())
            {
                headers[h.Name] = Substitute(h.Value.GetString() ?? string.Empty);
            }
        }

        return new ServerBehavior
        {
            Action = action,
            Status = status,
            Body = e.TryGetProperty("body", out _) || e.TryGetProperty("fixture", out _) ? Bytes(e) : [],
            ContentType = e.TryGetProperty("content_type", out var ct) ? ct.GetString() : null,
            Location = e.TryGetProperty("location", out var loc) ? Substitute(loc.GetString()!) : null,
            DelaySeconds = e.TryGetProperty("delay", out var delay) ? Scale(delay.GetDouble()) : 0,
            HangSeconds = e.TryGetProperty("seconds", out var secs) ? Scale(secs.GetDouble()) : 0,
            DeclaredLength = e.TryGetProperty("declared_length", out var dl) ? dl.GetInt64() : 0,
            Headers = headers.Count == 0 ? null : headers,
        };
    }

    private static double Scale(double seconds) => Math.Min(seconds * TimeScale, MaxScaledSeconds);

    private byte[] Bytes(JsonElement e)
    {
        if (e.TryGetProperty("fixture", out var f))
        {
            return _scenario.Fixtures[f.GetString()!];
        }

        return Encoding.UTF8.GetBytes(Substitute(e.GetProperty("body").GetString() ?? string.Empty));
    }

    /// <summary>Runs the library operation that corresponds to the scenario's go command.</summary>
    public async Task<ScenarioOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        var command = _scenario.Element.GetProperty("command");
        var kind = command.GetProperty("kind").GetString()!;
        var module = command.GetProperty("module").GetString()!;
        var version = command.TryGetProperty("version", out var v) ? v.GetString() : null;
        var fetcher = CreateFetcher(out var provider);
        await using (provider)
        {
            try
            {
                var path = ModulePath.Parse(module);
                switch (kind)
                {
                    case "download":
                    {
                        ModuleInfo info;
                        var resolved = version!;
                        if (SemVer.IsValid(version) && SemVer.CanonicalModuleVersion(version) == version)
                        {
                            info = await fetcher.GetInfoAsync(new ModuleVersion(path, version), cancellationToken);
                        }
                        else
                        {
                            info = await fetcher.QueryAsync(path, version!, cancellationToken);
                            resolved = info.Version;
                        }

                        var mv = new ModuleVersion(path, resolved);
                        await fetcher.GetGoModAsync(mv, cancellationToken);
                        using var zip = new MemoryStream();
                        await fetcher.CopyZipToAsync(mv, zip, null, cancellationToken);
                        ValidateZip(zip, mv);
                        if (provider.GetService<ModuleChecksumVerifier>() is { } verifier)
                        {
                            // After the walk, as in the go command: the zip's hash against go.sum and the database.
                            zip.Position = 0;
                            await verifier.VerifyZipHashAsync(mv, await DirHash.HashZipAsync(zip, cancellationToken), cancellationToken);
                        }
                        return ScenarioOutcome.Success(resolved, null);
                    }

                    case "list_query":
                    {
                        var info = await fetcher.QueryAsync(path, version!, cancellationToken);
                        return ScenarioOutcome.Success(info.Version, null);
                    }

                    case "list_versions":
                    {
                        var versions = await fetcher.ListVersionsAsync(path, cancellationToken);
                        return ScenarioOutcome.Success(null, versions);
                    }

                    case "get":
                    {
                        // go get M@V inside a module: example.local/work at go 1.19, with the recording's work files.
                        var work = Path.Combine(_root, "work");
                        Directory.CreateDirectory(work);
                        await File.WriteAllTextAsync(Path.Combine(work, "go.mod"), "module example.local/work\n\ngo 1.19\n", cancellationToken);
                        if (_scenario.Element.TryGetProperty("work_files", out var files))
                        {
                            foreach (var f in files.EnumerateObject())
                            {
                                await File.WriteAllTextAsync(Path.Combine(work, f.Name), Substitute(f.Value.GetString() ?? string.Empty), cancellationToken);
                            }
                        }

                        var goSumFile = Path.Combine(work, "go.sum");
                        var goSum = File.Exists(goSumFile) ? GoSumFile.Parse(await File.ReadAllBytesAsync(goSumFile, cancellationToken)) : null;
                        var cache = new GoModules.Caching.ModuleCache(fetcher, new GoModules.Caching.ModuleCacheOptions
                        {
                            Root = Path.Combine(_root, "gopath", "pkg", "mod"),
                            GoSum = goSum,
                            ChecksumVerifier = provider.GetService<ModuleChecksumVerifier>(),
                        });
                        var arg = version is null ? module : module + "@" + version;
                        await GoModules.Graph.ModuleGetter.GetAsync(work, [arg], cache, fetcher, write: true, cancellationToken);
                        var written = GoModules.ModFile.GoModFile.Parse("go.mod", await File.ReadAllBytesAsync(Path.Combine(work, "go.mod"), cancellationToken));
                        return ScenarioOutcome.Success(written.Require.FirstOrDefault(r => r.Path == module)?.Version, null);
                    }

                    default:
                        throw new NotSupportedException("kind " + kind);
                }
            }
            catch (Exception ex) when (ex is GoModuleException or ZipRejectedException or ChecksumMismatchException)
            {
                return ScenarioOutcome.Failure(ex);
            }
        }
    }

    /// <summary>The go command's check after the download walk: a zip whose files all sit under path@version/.</summary>
    private static void ValidateZip(MemoryStream zip, ModuleVersion mv)
    {
        zip.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ZipRejectedException("zip: not a valid zip file", ex);
        }

        using (archive)
        {
            var prefix = mv.Path.Value + "@" + mv.Version + "/";
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new ZipRejectedException(string.Create(CultureInfo.InvariantCulture, $"zip for {mv} has unexpected file {entry.FullName}"), null);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _servers.Values)
        {
            await s.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
