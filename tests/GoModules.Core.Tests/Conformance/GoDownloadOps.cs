using System.Text;
using System.Text.Json;
using GoModules.Caching;
using GoModules.Hashing;
using GoModules.Tests.Caching;

namespace GoModules.Tests.Conformance;

/// <summary>
/// The <c>go_download</c> op: each vector records what <c>go mod download -json</c> (Go 1.19.8, umask 022) left in
/// GOMODCACHE for one module served by a file-system proxy, in a main module requiring it. We rebuild that
/// situation (proxy made with our zip writer) and compare our cache: names, modes, small-file contents, the JSON
/// record, the exit status and go.sum afterwards. Zip bytes (and so zip sizes) legitimately differ; hashes do not.
/// </summary>
public static class GoDownloadOps
{
    [ConformanceOp("go_download")]
    public static void GoDownload(ConformanceVector vector) => GoDownloadAsync(vector).GetAwaiter().GetResult();

    private static async Task GoDownloadAsync(ConformanceVector vector)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("modes are Unix modes");
        }

        var input = vector.Input;
        var e = vector.Expect;
        var module = input.GetProperty("module").GetString()!;
        var version = input.GetProperty("version").GetString()!;
        var files = input.GetProperty("files").EnumerateArray()
            .Select(f => (f.GetProperty("path").GetString()!, Json.Bytes(f, "data") ?? [])).ToList();
        var flags = Json.Str(input, "flags") ?? "";
        var goSum = Json.Str(input, "gosum");

        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync(module, version, files);
        var work = tmp.Sub("work");
        await File.WriteAllTextAsync(Path.Combine(work, "go.mod"), $"module example.com/main\n\ngo 1.19\n\nrequire {module} {version}\n");
        if (goSum is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(work, "go.sum"), goSum);
        }

        var cacheRoot = Path.Combine(tmp.Path, "modcache");
        var options = new ModuleCacheOptions { Root = cacheRoot, WritableDirectories = flags.Contains("-modcacherw", StringComparison.Ordinal) };
        var run = await new GoModules.Graph.MainModuleDownloader(proxy.CreateFetcher(), options).TryDownloadAsync(work, [], null, CancellationToken.None);

        var at = $"{vector.Id} {module}@{version} flags={flags}";

        // Where go.sum has a line without three fields the vectors record go1.19.8, which stopped reading there; the
        // newest go (Go >= 1.22), and GoModules with it, rejects the file before downloading anything.
        if (goSum is not null && goSum.Split('\n').Any(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 and not 3 }))
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(run.FatalException, Is.InstanceOf<GoSumFormatException>(), $"{at}: malformed go.sum is fatal in the newest go");
                Assert.That(run.FatalError, Does.StartWith("malformed go.sum:\n" + Path.Combine(work, "go.sum") + ":"), at);
                Assert.That(run.Results, Is.Empty, $"{at}: no JSON record");
                Assert.That(File.ReadAllText(Path.Combine(work, "go.sum")), Is.EqualTo(goSum), $"{at}: go.sum untouched");
            }

            return;
        }
        using (Assert.EnterMultipleScope())
        {
            var exitCode = e.GetProperty("exit_code").GetInt32();
            Assert.That(run.Failed ? 1 : 0, Is.EqualTo(exitCode), $"{at}: exit code ({run.FatalError})");
            if (exitCode != 0)
            {
                var stderr = e.GetProperty("stderr").GetString()!;
                if (stderr.Contains("checksum mismatch", StringComparison.Ordinal))
                {
                    Assert.That(run.FatalException, Is.InstanceOf<ChecksumMismatchException>(), $"{at}: error kind");
                    Assert.That(stderr, Does.StartWith(run.FatalError!.Split('\n')[0]), $"{at}: first line of the message");
                }
            }

            var stdout = Json.Opt(e, "stdout_json");
            if (stdout is { } json)
            {
                Assert.That(run.Results, Has.Count.EqualTo(1), at);
                var r = run.Results[0];
                string Sub(string s) => s.Replace("$GOMODCACHE", cacheRoot, StringComparison.Ordinal);
                Assert.That(r.Path, Is.EqualTo(json.GetProperty("Path").GetString()), $"{at}: Path");
                Assert.That(r.Version, Is.EqualTo(json.GetProperty("Version").GetString()), $"{at}: Version");
                Assert.That(r.Info, Is.EqualTo(Sub(json.GetProperty("Info").GetString()!)), $"{at}: Info");
                Assert.That(r.GoMod, Is.EqualTo(Sub(json.GetProperty("GoMod").GetString()!)), $"{at}: GoMod");
                Assert.That(r.Zip, Is.EqualTo(Sub(json.GetProperty("Zip").GetString()!)), $"{at}: Zip");
                Assert.That(r.Dir, Is.EqualTo(Sub(json.GetProperty("Dir").GetString()!)), $"{at}: Dir");
                Assert.That(r.Sum, Is.EqualTo(json.GetProperty("Sum").GetString()), $"{at}: Sum");
                Assert.That(r.GoModSum, Is.EqualTo(json.GetProperty("GoModSum").GetString()), $"{at}: GoModSum");
                Assert.That(r.Error, Is.Empty, $"{at}: Error");
                var parsed = JsonDocument.Parse(r.ToJson()).RootElement;
                Assert.That(parsed.GetProperty("Sum").GetString(), Is.EqualTo(r.Sum), $"{at}: ToJson");
            }
            else
            {
                Assert.That(run.Results, Is.Empty, $"{at}: no JSON expected");
            }

            var expectedTree = e.GetProperty("modcache").EnumerateArray().ToList();
            var actualTree = Snapshot(cacheRoot);
            Assert.That(
                actualTree.Select(a => a.Path),
                Is.EqualTo(expectedTree.Select(x => x.GetProperty("path").GetString())),
                $"{at}: cache entries");
            foreach (var want in expectedTree)
            {
                var path = want.GetProperty("path").GetString()!;
                var have = actualTree.FirstOrDefault(a => a.Path == path);
                if (have.Path is null)
                {
                    continue;
                }

                Assert.That(have.Mode, Is.EqualTo(want.GetProperty("mode").GetString()), $"{at}: mode of {path}");
                if (want.TryGetProperty("content", out var content))
                {
                    Assert.That(have.Content, Is.EqualTo(content.GetString()), $"{at}: content of {path}");
                }
                else if (want.TryGetProperty("size", out var size) && !path.EndsWith(".zip", StringComparison.Ordinal))
                {
                    Assert.That(have.Size, Is.EqualTo(size.GetInt64()), $"{at}: size of {path}");
                }
            }

            var goSumAfter = Json.Str(e, "gosum_after");
            var goSumPath = Path.Combine(work, "go.sum");
            Assert.That(File.Exists(goSumPath) ? await File.ReadAllTextAsync(goSumPath) : null, Is.EqualTo(goSumAfter), $"{at}: go.sum after");
            Assert.That(e.GetProperty("zip_sum").GetString(), Is.EqualTo((run.Results.Count > 0 ? run.Results[0].Sum : null) ?? e.GetProperty("zip_sum").GetString()), $"{at}: zip_sum");
        }
    }

    internal readonly record struct Entry(string Path, string Mode, long Size, string? Content);

    /// <summary>Every file and directory under <paramref name="root"/>, sorted by path, with ls-style modes.</summary>
    internal static List<Entry> Snapshot(string root)
    {
        var list = new List<Entry>();
        if (!Directory.Exists(root))
        {
            return list;
        }

        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            var isDir = (entry.Attributes & FileAttributes.Directory) != 0;
            var mode = (isDir ? "d" : "-") + ModeString(entry.UnixFileMode);
            var size = isDir ? 0 : ((FileInfo)entry).Length;
            string? content = null;
            if (!isDir && size < 4096 && !rel.EndsWith(".zip", StringComparison.Ordinal))
            {
                content = Encoding.UTF8.GetString(File.ReadAllBytes(entry.FullName));
            }

            list.Add(new Entry(rel, mode, size, content));
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }

    private static string ModeString(UnixFileMode m)
    {
        var sb = new StringBuilder(9);
        foreach (var (bit, ch) in new[]
        {
            (UnixFileMode.UserRead, 'r'), (UnixFileMode.UserWrite, 'w'), (UnixFileMode.UserExecute, 'x'),
            (UnixFileMode.GroupRead, 'r'), (UnixFileMode.GroupWrite, 'w'), (UnixFileMode.GroupExecute, 'x'),
            (UnixFileMode.OtherRead, 'r'), (UnixFileMode.OtherWrite, 'w'), (UnixFileMode.OtherExecute, 'x'),
        })
        {
            sb.Append((m & bit) != 0 ? ch : '-');
        }

        return sb.ToString();
    }
}
