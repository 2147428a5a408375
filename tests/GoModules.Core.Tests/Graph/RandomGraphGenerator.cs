using System.Globalization;
using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.Graph;

/// <summary>
/// Random module graphs for differential tests against the go command: tens of modules with several versions each,
/// random requirements (cycles included), a mix of <c>go 1.16</c> (unpruned) and newer (pruned) go.mod files,
/// retractions, a deprecated module, <c>/v2</c> paths, <c>+incompatible</c> versions and pseudo-versions. A graph is
/// written to a GOPROXY directory (<see cref="WriteProxyAsync"/>) that the go command reads through a <c>file://</c>
/// GOPROXY; main modules (with replacements and exclusions) are drawn with <see cref="NewMainModule"/>. The same seed
/// always gives the same graph and the same main modules.
/// </summary>
internal sealed class RandomGraphGenerator
{
    /// <summary>The path of every generated main module.</summary>
    public const string MainPath = "example.com/main";

    private static readonly string[] GoLines = ["1.16", "1.16", "1.16", "1.17", "1.18", "1.20", "1.21.0", "1.22.0", "1.23.0", ""];
    private static readonly string[] MainGoLines = ["1.16", "1.17", "1.20", "1.21.0", "1.23.0"];
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private RandomGraphGenerator(int seed, List<GeneratedModule> modules)
    {
        Seed = seed;
        Modules = modules;
    }

    /// <summary>Gets the seed the graph was drawn from.</summary>
    public int Seed { get; }

    /// <summary>Gets the modules of the graph.</summary>
    public IReadOnlyList<GeneratedModule> Modules { get; }

    /// <summary>Every module version of the graph.</summary>
    public IEnumerable<(GeneratedModule Module, GeneratedVersion Version)> AllVersions()
        => Modules.SelectMany(m => m.Versions.Select(v => (m, v)));

    /// <summary>Draws a graph.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="moduleCount">The number of modules; 0 draws 10 to 30.</param>
    public static RandomGraphGenerator Generate(int seed, int moduleCount = 0)
    {
        var rng = new Random(seed);
        var count = moduleCount > 0 ? moduleCount : rng.Next(10, 31);
        var modules = new List<GeneratedModule>(count);
        var clock = 0;
        for (var i = 0; i < count; i++)
        {
            var kind = rng.Next(10) switch
            {
                0 => ModuleKind.MajorV2,
                1 => ModuleKind.Incompatible,
                _ => ModuleKind.Plain,
            };
            var path = kind == ModuleKind.MajorV2 ? $"example.com/m{i}/v2" : $"example.com/m{i}";
            var versions = DrawVersions(rng, kind, ref clock);
            modules.Add(new GeneratedModule(path, kind, versions));
        }

        // Requirements, go lines, retractions and deprecations, once every module exists (so cycles can form).
        var deprecated = rng.Next(count);
        for (var i = 0; i < count; i++)
        {
            var module = modules[i];
            for (var j = 0; j < module.Versions.Count; j++)
            {
                var version = module.Versions[j];
                var latest = j == module.Versions.Count - 1;
                version.GoMod = DrawGoMod(rng, modules, module, version, latest, latest && i == deprecated);
            }
        }

        return new RandomGraphGenerator(seed, modules);
    }

    private static List<GeneratedVersion> DrawVersions(Random rng, ModuleKind kind, ref int clock)
    {
        string[] pool = kind switch
        {
            ModuleKind.MajorV2 => ["v2.0.0", "v2.0.1", "v2.1.0", "v2.2.0-beta.1", "v2.2.0"],
            ModuleKind.Incompatible => ["v1.0.0", "v1.1.0", "v2.0.0+incompatible", "v3.1.0+incompatible"],
            _ => ["v0.1.0", "v0.2.0", "v1.0.0", "v1.0.1", "v1.1.0", "v1.2.0-rc.1", "v1.2.0", "v1.3.0"],
        };
        var chosen = pool.Where(_ => rng.Next(100) < 55).ToList();
        if (chosen.Count == 0)
        {
            chosen.Add(pool[rng.Next(pool.Length)]);
        }

        var versions = new List<GeneratedVersion>();
        foreach (var v in chosen)
        {
            versions.Add(new GeneratedVersion(v, Epoch.AddHours(++clock), pseudo: false));
        }

        if (kind == ModuleKind.Plain && rng.Next(4) == 0)
        {
            // A pseudo-version: after the lowest tagged version, or from v0.0.0 when the draw says so.
            var time = Epoch.AddHours(++clock);
            var stamp = time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var hash = ((uint)rng.Next()).ToString("x8", CultureInfo.InvariantCulture) + "abcd";
            var baseTag = versions[0].Version;
            var pseudo = rng.Next(2) == 0 || baseTag.Contains('-', StringComparison.Ordinal)
                ? $"v0.0.0-{stamp}-{hash}"
                : PseudoAfter(baseTag, stamp, hash);
            versions.Add(new GeneratedVersion(pseudo, time, pseudo: true));
        }

        versions.Sort((a, b) => SemVer.Compare(a.Version, b.Version));
        return versions;
    }

    private static string PseudoAfter(string tag, string stamp, string hash)
    {
        var parts = tag.TrimStart('v').Split('.');
        var patch = int.Parse(parts[2], CultureInfo.InvariantCulture) + 1;
        return $"v{parts[0]}.{parts[1]}.{patch}-0.{stamp}-{hash}";
    }

    private static string DrawGoMod(Random rng, List<GeneratedModule> modules, GeneratedModule module, GeneratedVersion version, bool latest, bool deprecated)
    {
        var sb = new StringBuilder();
        if (deprecated)
        {
            sb.Append("// Deprecated: use example.com/m0 instead.\n");
        }

        sb.Append("module ").Append(module.Path).Append('\n');
        if (version.Version.EndsWith("+incompatible", StringComparison.Ordinal))
        {
            // What the go command synthesizes for a version without a go.mod: the module line alone.
            return sb.ToString();
        }

        var go = GoLines[rng.Next(GoLines.Length)];
        if (go.Length != 0)
        {
            sb.Append("\ngo ").Append(go).Append('\n');
            if (go.StartsWith("1.2", StringComparison.Ordinal) && rng.Next(5) == 0)
            {
                // A dependency's toolchain line plays no part in the graph.
                sb.Append("\ntoolchain go1.23.2\n");
            }
        }

        var requireCount = rng.Next(5);
        var required = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        for (var k = 0; k < requireCount; k++)
        {
            var target = modules[rng.Next(modules.Count)];
            if (target == module || !required.Add(target.Path))
            {
                continue;
            }

            var v = target.Versions[rng.Next(target.Versions.Count)].Version;
            lines.Add(target.Path + " " + v + (rng.Next(3) == 0 ? " // indirect" : string.Empty));
        }

        if (lines.Count > 0)
        {
            sb.Append("\nrequire (\n");
            foreach (var line in lines)
            {
                sb.Append('\t').Append(line).Append('\n');
            }

            sb.Append(")\n");
        }

        if (latest && module.Versions.Count > 1 && rng.Next(3) == 0)
        {
            // Retract an older release (sometimes with a rationale, sometimes as an interval).
            var older = module.Versions[rng.Next(module.Versions.Count - 1)].Version;
            var rationale = rng.Next(2) == 0 ? " // broken build" : string.Empty;
            sb.Append('\n').Append(rng.Next(3) == 0 ? $"retract [{older}, {older}]" : "retract " + older).Append(rationale).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Writes every version's <c>.mod</c> and <c>.info</c> (tagged versions also into <c>@v/list</c>).</summary>
    public async Task WriteProxyAsync(string root, CancellationToken cancellationToken = default)
    {
        var writer = new ProxyDirectoryWriter(root);
        foreach (var module in Modules)
        {
            var path = ModulePath.Parse(module.Path);
            foreach (var version in module.Versions)
            {
                var info = new ModuleInfo(version.Version, version.Time);
                var mod = Encoding.UTF8.GetBytes(version.GoMod);
                using var zip = ZipOf(module.Path, version);
                if (version.IsPseudo)
                {
                    // Pseudo-versions are not tagged: they are reachable by name, not listed.
                    await writer.WriteGoModAsync(new ModuleVersion(path, version.Version), mod, cancellationToken);
                    await writer.WriteInfoAsync(path, info, cancellationToken);
                    await writer.WriteZipAsync(new ModuleVersion(path, version.Version), zip, cancellationToken);
                }
                else
                {
                    await writer.WriteVersionAsync(path, info, mod, zip, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// The zip of a version: its go.mod (none for <c>+incompatible</c> versions) and a text file, but no Go files, so
    /// the module path is not a package and <c>go get path@version</c> is a module-only argument.
    /// </summary>
    private static MemoryStream ZipOf(string path, GeneratedVersion version)
    {
        var stream = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var prefix = path + "@" + version.Version + "/";
            if (!version.Version.EndsWith("+incompatible", StringComparison.Ordinal))
            {
                using var w = new StreamWriter(archive.CreateEntry(prefix + "go.mod").Open());
                w.Write(version.GoMod);
            }

            using var readme = new StreamWriter(archive.CreateEntry(prefix + "README").Open());
            readme.Write(path + " " + version.Version + "\n");
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Draws a main module and writes it into <paramref name="directory"/>: go.mod (random requirements, some
    /// <c>// indirect</c>, exclusions, module and directory replacements, version-specific and wildcard, a toolchain
    /// line at times) and the directories its directory replacements name.
    /// </summary>
    /// <returns>The go.mod text written.</returns>
    public string NewMainModule(Random rng, string directory, string modulePath = MainPath)
    {
        Directory.CreateDirectory(directory);
        var go = MainGoLines[rng.Next(MainGoLines.Length)];
        var sb = new StringBuilder("module " + modulePath + "\n\ngo " + go + "\n");
        if (go.StartsWith("1.2", StringComparison.Ordinal) && string.CompareOrdinal(go, "1.21") >= 0 && rng.Next(3) == 0)
        {
            sb.Append("\ntoolchain go1.23.4\n");
        }

        var requires = new List<string>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0, n = rng.Next(1, 7); k < n; k++)
        {
            var (m, v) = Pick(rng);
            if (paths.Add(m.Path))
            {
                requires.Add($"\t{m.Path} {v.Version}{(rng.Next(4) == 0 ? " // indirect" : string.Empty)}\n");
            }
        }

        var required = new List<(GeneratedModule Module, GeneratedVersion Version)>();
        foreach (var line in requires)
        {
            var fields = line.Trim().Split(' ');
            var module = Modules.First(m => m.Path == fields[0]);
            required.Add((module, module.Versions.First(v => v.Version == fields[1])));
        }

        if (rng.Next(5) == 0)
        {
            // A redundant requirement: the same path again at another version (the go command keeps the higher one).
            var (m, _) = required[rng.Next(required.Count)];
            requires.Add($"\t{m.Path} {m.Versions[rng.Next(m.Versions.Count)].Version}\n");
        }

        sb.Append("\nrequire (\n").Append(string.Concat(requires)).Append(")\n");
        for (int k = 0, n = rng.Next(3); k < n; k++)
        {
            // At times an exclusion of one of the main module's own requirements (the requirement is dropped).
            var (m, v) = k == 0 && rng.Next(4) == 0 ? required[rng.Next(required.Count)] : Pick(rng);
            sb.Append("\nexclude ").Append(m.Path).Append(' ').Append(v.Version).Append('\n');
        }

        var replaced = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0, n = rng.Next(3); k < n; k++)
        {
            var (m, v) = Pick(rng);
            var (to, toVersion) = Pick(rng);
            var old = rng.Next(2) == 0 ? m.Path + " " + v.Version : m.Path;
            if (!replaced.Add(old))
            {
                continue;
            }

            switch (rng.Next(3))
            {
                case 0:
                    var local = "./local/" + m.Path.Replace('/', '_');
                    WriteLocalModule(rng, Path.Combine(directory, local), m.Path);
                    sb.Append("\nreplace ").Append(old).Append(" => ").Append(local).Append('\n');
                    break;
                case 1 when to != m:
                    sb.Append("\nreplace ").Append(old).Append(" => ").Append(to.Path).Append(' ').Append(toVersion.Version).Append('\n');
                    break;
                default:
                    var same = m.Versions[rng.Next(m.Versions.Count)];
                    sb.Append("\nreplace ").Append(old).Append(" => ").Append(m.Path).Append(' ').Append(same.Version).Append('\n');
                    break;
            }
        }

        var text = sb.ToString();
        File.WriteAllText(Path.Combine(directory, "go.mod"), text);
        return text;
    }

    /// <summary>
    /// Draws a workspace in <paramref name="directory"/>: two or three main modules (<c>example.com/main</c>,
    /// <c>example.com/main1</c>, ...) in subdirectories, a go.work using them (at times with a <c>replace</c> of its
    /// own), and go.work.sum holding the go.mod hash of every version of the graph, so the go command can load the
    /// workspace without <c>-mod=mod</c> (which workspaces refuse).
    /// </summary>
    /// <returns>The go.work text.</returns>
    public string NewWorkspace(Random rng, string directory)
    {
        Directory.CreateDirectory(directory);
        var sb = new StringBuilder("go " + (rng.Next(2) == 0 ? "1.23.0" : "1.24.0") + "\n\nuse (\n");
        for (int k = 0, n = rng.Next(2, 4); k < n; k++)
        {
            var name = "mod" + k;
            NewMainModule(rng, Path.Combine(directory, name), k == 0 ? MainPath : MainPath + k);
            sb.Append("\t./").Append(name).Append('\n');
        }

        sb.Append(")\n");
        if (rng.Next(2) == 0)
        {
            var (m, _) = Pick(rng);
            var target = m.Versions[rng.Next(m.Versions.Count)];
            sb.Append("\nreplace ").Append(m.Path).Append(" => ").Append(m.Path).Append(' ').Append(target.Version).Append('\n');
        }

        var sums = new StringBuilder();
        foreach (var (m, v) in AllVersions())
        {
            sums.Append(m.Path).Append(' ').Append(v.Version).Append("/go.mod ").Append(GoModules.Hashing.DirHash.HashGoMod(Encoding.UTF8.GetBytes(v.GoMod))).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "go.work.sum"), sums.ToString());
        var text = sb.ToString();
        File.WriteAllText(Path.Combine(directory, "go.work"), text);
        return text;
    }

    private void WriteLocalModule(Random rng, string directory, string path)
    {
        Directory.CreateDirectory(directory);
        var sb = new StringBuilder("module " + path + "\n\ngo " + GoLines[rng.Next(GoLines.Length - 1)] + "\n");
        var (m, v) = Pick(rng);
        if (m.Path != path)
        {
            sb.Append("\nrequire ").Append(m.Path).Append(' ').Append(v.Version).Append('\n');
        }

        File.WriteAllText(Path.Combine(directory, "go.mod"), sb.ToString());
    }

    private (GeneratedModule Module, GeneratedVersion Version) Pick(Random rng)
    {
        var m = Modules[rng.Next(Modules.Count)];
        return (m, m.Versions[rng.Next(m.Versions.Count)]);
    }
}

/// <summary>How a generated module's versions look.</summary>
internal enum ModuleKind
{
    /// <summary>v0 and v1 versions (and a pseudo-version at times).</summary>
    Plain,

    /// <summary>A <c>/v2</c> module path with v2 versions.</summary>
    MajorV2,

    /// <summary>v1 versions and <c>+incompatible</c> v2 and v3 versions without a go.mod of their own.</summary>
    Incompatible,
}

/// <summary>A generated module: its path, kind and versions (lowest first).</summary>
internal sealed record GeneratedModule(string Path, ModuleKind Kind, List<GeneratedVersion> Versions);

/// <summary>A generated module version: its version, commit time, and go.mod text.</summary>
internal sealed class GeneratedVersion(string version, DateTimeOffset time, bool pseudo)
{
    public string Version { get; } = version;

    public DateTimeOffset Time { get; } = time;

    public bool IsPseudo { get; } = pseudo;

    public string GoMod { get; set; } = string.Empty;

    public override string ToString() => Version;
}
