using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GoModules.SumDb;

namespace GoModules.Cli.Tests.SumDb;

/// <summary>
/// Our client against golang.org/x/mod's own checksum database test server (sumdb.NewTestServer behind
/// sumdb.NewServer), built from the newest go's x/mod sources (GOMODULES_GOCODE_NEWEST) in GOPATH mode and served on 127.0.0.1. The
/// test server appends a record for every new module it is asked about, so each lookup also exercises the consistency
/// proof between successive trees. Ignored when the newest go is missing, unless GOMODULES_REQUIRE_GO=1.
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(600_000)]
public sealed class XModTestServerInteropTests
{
    private const string DbName = "xmod.gomodules.test/sumdb";

    private const string ServerSource = """
        package main

        import (
            "bufio"
            "crypto/rand"
            "crypto/sha256"
            "encoding/base64"
            "fmt"
            "net"
            "net/http"
            "os"

            "golang.org/x/mod/sumdb"
            "golang.org/x/mod/sumdb/note"
        )

        func fakeHash(s string) string {
            h := sha256.Sum256([]byte(s))
            return "h1:" + base64.StdEncoding.EncodeToString(h[:])
        }

        func main() {
            skey, vkey, err := note.GenerateKey(rand.Reader, os.Args[1])
            if err != nil {
                panic(err)
            }
            gosum := func(path, vers string) ([]byte, error) {
                if path == "notfound.example/m" {
                    return nil, os.ErrNotExist
                }
                return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", path, vers, fakeHash(path+"@"+vers), path, vers, fakeHash(path+"@"+vers+"/go.mod"))), nil
            }
            ln, err := net.Listen("tcp", "127.0.0.1:0")
            if err != nil {
                panic(err)
            }
            fmt.Println(vkey)
            fmt.Println(ln.Addr().String())
            go func() {
                bufio.NewReader(os.Stdin).ReadString('\n')
                os.Exit(0)
            }()
            http.Serve(ln, sumdb.NewServer(sumdb.NewTestServer(skey, gosum)))
        }
        """;

    private TempDirectory? _temp;
    private Process? _server;
    private string _vkey = "";
    private string _baseUrl = "";

    private static string FakeHash(string s) => "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var go = GoCommand.Require();
        var goCode = GoInstalls.RequireGoCode();

        _temp = new TempDirectory();
        var src = _temp.Combine("gopath", "src", "gomodulessumdbtest");
        Directory.CreateDirectory(src);
        await File.WriteAllTextAsync(Path.Combine(src, "main.go"), ServerSource);
        var exe = _temp.Combine("xmod-sumdb-server");
        var env = new Dictionary<string, string>
        {
            ["GOPATH"] = goCode + Path.PathSeparator + _temp.Combine("gopath"),
            ["GO111MODULE"] = "off",
            ["GOFLAGS"] = "",
            ["GOCACHE"] = _temp.Combine("gocache"),
            ["HOME"] = _temp.Path,
        };
        var (exit, stdout, stderr) = await GoCommand.RunHermeticAsync(go, src, env, "build", "-o", exe, ".");
        if (exit != 0)
        {
            Assert.Fail($"building the x/mod test server failed (is golang-golang-x-mod-dev installed?):\n{stdout}{stderr}");
        }

        var psi = GoCommand.HermeticStartInfo(exe, _temp.Path, env, DbName);
        psi.FileName = exe;
        psi.RedirectStandardInput = true;
        _server = Process.Start(psi)!;
        _vkey = (await _server.StandardOutput.ReadLineAsync())!;
        var addr = (await _server.StandardOutput.ReadLineAsync())!;
        Assert.That(addr, Does.StartWith("127.0.0.1:"));
        _baseUrl = "http://" + addr;
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        if (_server is not null)
        {
            try
            {
                _server.StandardInput.Close();
                if (!_server.WaitForExit(5000))
                {
                    _server.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _server.Dispose();
        }

        _temp?.Dispose();
    }

    private (ChecksumDatabaseClient Client, FileSystemChecksumDatabaseTransport Transport, List<string> Requests) NewClient(string dir, HttpRemote remote)
    {
        var requests = new List<string>();
        var transport = new FileSystemChecksumDatabaseTransport(Path.Combine(dir, "sumdb"), Path.Combine(dir, "mod"), (path, max, ct) =>
        {
            lock (requests)
            {
                requests.Add(path);
            }

            return remote.ReadAsync(path, max, ct);
        });
        return (new ChecksumDatabaseClient(NoteVerifier.Parse(_vkey), transport), transport, requests);
    }

    [Test]
    public async Task VerifiesEveryAnswerAsTheTreeGrows()
    {
        Assert.That(NoteVerifier.Parse(_vkey).Name, Is.EqualTo(DbName));
        using var dir = new TempDirectory();
        using var remote = new HttpRemote(_baseUrl);
        var (client, transport, requests) = NewClient(dir.Path, remote);

        // Each new module grows x/mod's log by one record: 280 lookups cross a full-tile boundary.
        for (var i = 0; i < 280; i++)
        {
            var path = i % 7 == 0 ? $"example.com/Upper{i}/m" : $"example.com/m{i}";
            var version = i % 5 == 0 ? "v1.0.0-RC.1" : $"v1.{i}.0";
            var lines = await client.LookupAsync(path, version);
            Assert.That(lines, Is.EqualTo(new[] { $"{path} {version} {FakeHash(path + "@" + version)}" }), $"lookup {i}");
        }

        var gomod = await client.LookupAsync("example.com/m1", "v1.1.0/go.mod");
        Assert.That(gomod, Is.EqualTo(new[] { $"example.com/m1 v1.1.0/go.mod {FakeHash("example.com/m1@v1.1.0/go.mod")}" }));
        Assert.That(client.LatestTree.N, Is.GreaterThanOrEqualTo(280));
        Assert.That(File.Exists(Path.Combine(dir.Path, "sumdb", "xmod.gomodules.test", "sumdb", "latest")), Is.True);
        Assert.That(File.Exists(Path.Combine(dir.Path, "mod", "cache", "download", "sumdb", "xmod.gomodules.test", "sumdb", "lookup", "example.com", "!upper7", "m@v1.7.0")), Is.True);

        // A new client on the same directories answers from the cache.
        var (again, _, againRequests) = NewClient(dir.Path, remote);
        Assert.That(await again.LookupAsync("example.com/m3", "v1.3.0"), Has.Count.EqualTo(1));
        Assert.That(againRequests, Is.Empty, string.Join("\n", Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Where(f => f.Contains("tile", StringComparison.Ordinal)).Select(f => f + " " + new FileInfo(f).Length)));

        // Concurrent lookups of new modules, each growing the log.
        var tasks = Enumerable.Range(0, 40).Select(i => again.LookupAsync($"example.com/concurrent{i}", "v0.0.1").AsTask()).ToList();
        foreach (var lines in await Task.WhenAll(tasks))
        {
            Assert.That(lines, Has.Count.EqualTo(1));
        }

        Assert.That(requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)), Is.Not.Empty);
        _ = transport;
    }

    [Test]
    public async Task ConcurrentProcessesShareOneLatestHead()
    {
        // Several gomod processes look up new modules at once (each lookup grows x/mod's log), sharing one GOPATH and
        // module cache. Whatever the interleaving, the latest head left behind is the largest tree any of them saw,
        // and every process verified its answer.
        using var dir = new TempDirectory();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var runs = Enumerable.Range(0, 6).Select(async i =>
        {
            var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir.Path };
            psi.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"));
            foreach (var a in new[] { "sumdb", "lookup", $"example.com/process{i}@v1.0.{i}" })
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["GOENV"] = "off";
            psi.Environment["HOME"] = dir.Path;
            psi.Environment["GOPATH"] = Path.Combine(dir.Path, "gopath");
            psi.Environment["GOMODCACHE"] = Path.Combine(dir.Path, "gopath", "pkg", "mod");
            psi.Environment["GOPROXY"] = "off";
            psi.Environment["GOSUMDB"] = $"{_vkey} {_baseUrl}";
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, Stdout: await stdout, Stderr: await stderr, Index: i);
        }).ToList();

        foreach (var (exit, stdout, stderr, i) in await Task.WhenAll(runs))
        {
            Assert.That(exit, Is.EqualTo(0), stderr);
            var path = $"example.com/process{i}";
            var version = $"v1.0.{i}";
            Assert.That(stdout, Does.StartWith($"{path} {version} {FakeHash(path + "@" + version)}\n"));
        }

        // A fresh client on the same directories must accept the stored head and find every answer in the cache.
        using var remote = new HttpRemote(_baseUrl);
        var requests = new List<string>();
        var transport = new FileSystemChecksumDatabaseTransport(Path.Combine(dir.Path, "gopath", "pkg", "sumdb"), Path.Combine(dir.Path, "gopath", "pkg", "mod"), (path, max, ct) =>
        {
            requests.Add(path);
            return remote.ReadAsync(path, max, ct);
        });
        var client = new ChecksumDatabaseClient(NoteVerifier.Parse(_vkey), transport);
        for (var i = 0; i < 6; i++)
        {
            Assert.That(await client.LookupAsync($"example.com/process{i}", $"v1.0.{i}"), Has.Count.EqualTo(1));
        }

        var stored = SignedNote.Open(await transport.ReadConfigAsync(DbName + "/latest"), [NoteVerifier.Parse(_vkey)]);
        var size = long.Parse(stored.Text.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
        var largestSeen = 0L;
        for (var i = 0; i < 6; i++)
        {
            var cached = await transport.ReadCacheAsync($"{DbName}/lookup/example.com/process{i}@v1.0.{i}");
            var text = Encoding.UTF8.GetString(cached!);
            var treeSize = long.Parse(text[(text.IndexOf("go.sum database tree\n", StringComparison.Ordinal) + 21)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
            largestSeen = Math.Max(largestSeen, treeSize);
        }

        Assert.That(size, Is.EqualTo(largestSeen), "the stored head is the largest tree seen");
        Assert.That(requests.Where(r => r.StartsWith("/lookup/", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task NotFoundIsATransportError()
    {
        using var dir = new TempDirectory();
        using var remote = new HttpRemote(_baseUrl);
        var (client, _, _) = NewClient(dir.Path, remote);
        var ex = Assert.ThrowsAsync<HttpRequestException>(async () => await client.LookupAsync("notfound.example/m", "v1.0.0"));
        Assert.That(ex!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That(await client.LookupAsync("found.example/m", "v1.0.0"), Has.Count.EqualTo(1));
    }
}
