using System.IO.Compression;
using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.Graph;

/// <summary>
/// The go command's own fake modules (the txtar archives in <c>src/cmd/go/testdata/mod</c> of the newest go's source)
/// served as a <c>file://</c> proxy; every archive's go.mod is tried as a main module, and wherever the newest go
/// answers <c>go mod graph</c>, <c>go list -m -json all</c> and <c>go list -m -u -json all</c> without an error, GoModules' answers must be identical.
/// Main modules go cannot build are counted, not compared.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class CmdGoTestModulesTests
{
    private static readonly string[][] Commands = [["mod", "graph"], ["list", "-m", "-json", "all"], ["list", "-m", "-u", "-json", "all"]];

    [Test]
    [CancelAfter(600_000)]
    public async Task EveryBuildableMainModuleAgreesWithGo(CancellationToken cancellationToken)
    {
        var go = GoInstalls.Require();
        var source = Path.Combine(GoInstalls.GoRoot(go.Go), "src", "cmd", "go", "testdata", "mod");
        if (!Directory.Exists(source))
        {
            Assert.Fail($"the newest go's source has no {source}");
        }

        using var tmp = new TempDirectory();
        var proxyDir = tmp.Sub("proxy");
        var writer = new ProxyDirectoryWriter(proxyDir);
        var archives = new List<Archive>();
        foreach (var file in Directory.EnumerateFiles(source, "*.txt").Order(StringComparer.Ordinal))
        {
            // Served as cmd/go's test proxy serves them: .info and .mod only when the archive has them, the zip from
            // the other files, the list without pseudo-versions.
            var archive = Archive.Read(file);
            if (archive is null)
            {
                continue;
            }

            archives.Add(archive);
            var module = new ModuleVersion(archive.Path, archive.Version);
            if (archive.Info is not null && ModuleInfo.TryParse(Encoding.UTF8.GetBytes(archive.Info), out var info))
            {
                await writer.WriteInfoAsync(archive.Path, new ModuleInfo(archive.Version, info.Time), cancellationToken);
            }

            if (archive.GoMod is not null)
            {
                await writer.WriteGoModAsync(module, Encoding.UTF8.GetBytes(archive.GoMod), cancellationToken);
            }

            using (var zip = archive.Zip())
            {
                await writer.WriteZipAsync(module, zip, cancellationToken);
            }

            if (!PseudoVersion.IsPseudoVersion(archive.Version))
            {
                await writer.AddToListAsync(module, cancellationToken);
            }
        }

        int mains = 0, buildable = 0, commands = 0, agreed = 0;
        var differences = new List<string>();
        foreach (var archive in archives.Where(a => a.GoMod is not null))
        {
            mains++;
            var main = tmp.Sub("main" + mains);
            await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), archive.GoMod, cancellationToken);
            var goCache = tmp.Combine("gocache" + mains);
            var ourCache = tmp.Combine("ourcache" + mains);
            var env = GraphOracle.Environment(proxyDir, tmp.Combine("gopath"), goCache);
            // One go run first, not compared: with -mod=mod go completes go.mod (a missing go line) and go.sum, which
            // GoModules' read-only answers do not; both sides then answer over the same files.
            if (GraphOracle.Go(main, env, "list", "-m", "all").ExitCode != 0)
            {
                continue;
            }

            var built = false;
            foreach (var command in Commands)
            {
                // Ours first, over the go.mod and go.sum as they are before go runs (go may write go.sum).
                var ours = (await GraphComparison.OursAsync(main, ourCache, proxyDir, command, cancellationToken)).Replace(ourCache, goCache, StringComparison.Ordinal);
                var theirs = GraphOracle.Go(main, env, command);
                if (theirs.ExitCode != 0)
                {
                    continue;
                }

                built = true;
                commands++;
                if (string.Equals(ours, theirs.Stdout, StringComparison.Ordinal))
                {
                    agreed++;
                }
                else
                {
                    differences.Add($"{archive.Path}@{archive.Version}: go {string.Join(' ', command)}\n--- go.mod\n{archive.GoMod}\n--- go\n{theirs.Stdout}\n--- gomod\n{ours}");
                }
            }

            buildable += built ? 1 : 0;
        }

        TestContext.Out.WriteLine($"{archives.Count} fake module versions; {mains} tried as main modules, {buildable} built by go; {agreed}/{commands} answers identical");
        Assert.That(buildable, Is.GreaterThan(10), "go builds a good number of these main modules");
        Assert.That(differences, Is.Empty, $"{differences.Count} answers differ; first:\n{differences.FirstOrDefault()}");
    }

    /// <summary>One txtar archive of cmd/go's testdata/mod: the first comment line names <c>path@version</c>.</summary>
    private sealed record Archive(ModulePath Path, string Version, string? GoMod, string? Info, List<(string Name, string Text)> Files)
    {
        /// <summary>Reads an archive named as cmd/go's test proxy names them: the escaped path with '_' for '/', then '_v…'.</summary>
        public static Archive? Read(string file)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            var i = name.LastIndexOf("_v", StringComparison.Ordinal);
            if (i < 0 || !ModulePath.TryUnescape(name[..i].Replace('_', '/'), out var path) || !ModulePath.TryUnescapeVersion(name[(i + 1)..], out var version))
            {
                return null;
            }

            var sections = new List<(string Name, string Text)>();
            string? section = null;
            var text = new StringBuilder();
            foreach (var line in File.ReadAllText(file).Split('\n'))
            {
                if (line.StartsWith("-- ", StringComparison.Ordinal) && line.EndsWith(" --", StringComparison.Ordinal) && line.Length > 6)
                {
                    if (section is not null)
                    {
                        sections.Add((section, text.ToString()));
                    }

                    section = line[3..^3].Trim();
                    text.Clear();
                }
                else if (section is not null)
                {
                    text.Append(line).Append('\n');
                }
            }

            if (section is not null)
            {
                // The text after the last marker ends with the file's final newline; Split leaves one more empty line.
                sections.Add((section, text.ToString()[..^1]));
            }

            string? Section(string n) => sections.Where(s => s.Name == n).Select(s => s.Text).FirstOrDefault();
            return new Archive(path, version, Section(".mod"), Section(".info"), sections.Where(s => s.Name is not ".info" and not ".mod" and not ".zip").ToList());
        }

        public MemoryStream Zip()
        {
            var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, content) in Files)
                {
                    var entry = zip.CreateEntry(name.StartsWith('/') ? name[1..] : Path + "@" + Version + "/" + name);
                    using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                    w.Write(content);
                }
            }

            stream.Position = 0;
            return stream;
        }
    }
}
