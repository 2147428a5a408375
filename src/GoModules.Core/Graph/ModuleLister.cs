using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Graph.Internal;
using GoModules.ModFile;

namespace GoModules.Graph;

/// <summary>
/// Answers <c>go list -m</c> over a loaded <see cref="ModuleGraph"/>: <c>all</c>, patterns with <c>...</c> and module
/// paths, each module with the fields the go command fills in (version time from the module's <c>.info</c>, go.mod path
/// in the module cache, go version, replacement), and with <see cref="ModuleListOptions.Updates"/> the available update,
/// retraction and deprecation as <c>go list -m -u</c> reports them.
/// </summary>
public static class ModuleLister
{
    /// <summary>Lists the modules matching <paramref name="arguments"/>, in the go command's order.</summary>
    /// <param name="graph">The loaded graph.</param>
    /// <param name="arguments">The arguments of <c>go list -m</c>: <c>all</c>, a pattern with <c>...</c>, or a module path; none lists the main module.</param>
    /// <param name="options">What to add; <see langword="null"/> adds nothing.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The modules. Failures about one module are reported in its <see cref="ListedModule.Error"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> or <paramref name="arguments"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An argument is a relative path or has a version (<c>path@version</c> is not supported here).</exception>
    /// <exception cref="InvalidOperationException">Updates or retractions are asked for without a <see cref="ModuleListOptions.Fetcher"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<IReadOnlyList<ListedModule>> ListAsync(ModuleGraph graph, IReadOnlyList<string> arguments, ModuleListOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(arguments);
        options ??= new ModuleListOptions();
        var retracted = options.Updates || options.Retracted;
        VersionChecks? checks = null;
        if (options.Updates || options.Retracted)
        {
            checks = new VersionChecks(graph.Loader, options.Fetcher ?? throw new InvalidOperationException("Listing updates or retractions needs ModuleListOptions.Fetcher."));
        }

        var context = new Context(graph, options, checks, retracted);
        var modules = new List<ListedModule>();
        if (arguments.Count == 0)
        {
            foreach (var main in graph.Loader.Main.Modules)
            {
                modules.Add(context.MainInfo(main));
            }
        }

        var matched = new HashSet<ModuleNode>();
        foreach (var arg in arguments)
        {
            if (arg.Contains('@', StringComparison.Ordinal) || arg.StartsWith('.') || arg.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"go: unsupported argument {arg} (module paths and patterns only)", nameof(arguments));
            }

            if (arg == "all" || arg.Contains("...", StringComparison.Ordinal))
            {
                var pattern = arg == "all" ? null : MatchPattern(arg);
                var matches = new List<ModuleNode>();
                foreach (var m in graph.BuildList())
                {
                    if ((pattern is null || pattern.IsMatch(m.Path)) && matched.Add(m))
                    {
                        matches.Add(m);
                    }
                }

                var infos = await Task.WhenAll(matches.ConvertAll(m => context.InfoAsync(m, cancellationToken))).ConfigureAwait(false);
                modules.AddRange(infos);
                continue;
            }

            var v = graph.Selected(arg);
            if (v is null)
            {
                modules.Add(new ListedModule { Path = arg, Error = "module " + arg + ": not a known dependency" });
            }
            else
            {
                modules.Add(await context.InfoAsync(new ModuleNode(arg, v), cancellationToken).ConfigureAwait(false));
            }
        }

        if (checks is not null)
        {
            var work = new List<Task>();
            foreach (var m in modules)
            {
                work.Add(context.AddChecksAsync(m, cancellationToken));
                if (m.Replace is not null)
                {
                    work.Add(context.AddChecksAsync(m.Replace, cancellationToken));
                }
            }

            await Task.WhenAll(work).ConfigureAwait(false);
        }

        return modules;
    }

    /// <summary>
    /// The main module as <c>go list -m</c> without arguments prints it, from its go.mod alone: like the go command,
    /// this loads no module graph (so it needs no module cache and cannot fail on a dependency).
    /// </summary>
    /// <param name="goMod">The main module's go.mod.</param>
    /// <param name="moduleDirectory">The main module's directory.</param>
    /// <returns>The main module's entry, as <see cref="ListAsync"/> gives it for no arguments.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="GoModuleException">The go.mod has no module line.</exception>
    public static ListedModule ListMainModule(GoModFile goMod, string moduleDirectory)
    {
        ArgumentNullException.ThrowIfNull(goMod);
        ArgumentNullException.ThrowIfNull(moduleDirectory);
        var index = new MainModuleIndex(goMod, Path.GetFullPath(moduleDirectory));
        return MainInfo(index, index.Modules[0]);
    }

    private static ListedModule MainInfo(MainModuleIndex index, MainModule main)
    {
        var dir = main.Directory;
        return new ListedModule
        {
            Path = main.Path,
            Main = true,
            Dir = dir,
            GoMod = Path.Join(dir, "go.mod"),
            GoVersion = index.IsWorkspace ? main.File.GoVersion ?? string.Empty : index.EffectiveGoVersion,
        };
    }

    /// <summary>A <c>...</c> pattern as the go command matches module paths: <c>...</c> matches any text, and a trailing <c>/...</c> also matches the bare prefix.</summary>
    private static Regex MatchPattern(string pattern)
    {
        var re = Regex.Escape(pattern).Replace(@"\.\.\.", ".*", StringComparison.Ordinal);
        if (re.EndsWith("/.*", StringComparison.Ordinal))
        {
            re = re[..^3] + "(/.*)?";
        }

        return new Regex("^" + re + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private sealed class Context(ModuleGraph graph, ModuleListOptions options, VersionChecks? checks, bool retracted)
    {
        private SummaryLoader Loader => graph.Loader;

        public ListedModule MainInfo(MainModule main) => ModuleLister.MainInfo(Loader.Main, main);

        public async Task<ListedModule> InfoAsync(ModuleNode m, CancellationToken cancellationToken)
        {
            if (Loader.Main.IsMain(m))
            {
                foreach (var main in Loader.Main.Modules)
                {
                    if (string.Equals(main.Path, m.Path, StringComparison.Ordinal))
                    {
                        return MainInfo(main);
                    }
                }
            }

            var info = new ListedModule { Path = m.Path, Version = m.Version, Indirect = !graph.IsDirect(m.Path) };
            if (Loader.RawGoVersions.TryGetValue(m, out var go))
            {
                info.GoVersion = go;
            }

            if (Loader.Main.Replacement(m) is not { } r)
            {
                await CompleteAsync(info, cancellationToken).ConfigureAwait(false);
                return info;
            }

            var replace = new ListedModule { Path = r.Path, Version = r.Version };
            if (Loader.RawGoVersions.TryGetValue(m, out var replacedGo))
            {
                replace.GoVersion = replacedGo;
            }

            if (r.Version.Length == 0)
            {
                replace.Dir = Path.GetFullPath(Loader.Main.ReplacementDirectory(r.Path));
                replace.GoMod = Path.Join(replace.Dir, "go.mod");
            }

            info.Replace = replace;
            await CompleteAsync(replace, cancellationToken).ConfigureAwait(false);
            info.Dir = replace.Dir;
            info.GoMod = replace.GoMod;
            info.Retracted = replace.Retracted;
            info.GoVersion = replace.GoVersion;
            return info;
        }

        /// <summary>The go command's completeFromModCache: time, go version, go.mod path and sums, retraction.</summary>
        private async Task CompleteAsync(ListedModule m, CancellationToken cancellationToken)
        {
            if (GraphVersions.IsToolchain(m.Path))
            {
                return;
            }

            ModuleVersion? mv = null;
            if (m.Version.Length != 0)
            {
                try
                {
                    mv = new ModuleVersion(ModulePath.Parse(m.Path), m.Version);
                    var stat = await Loader.Cache.GetInfoAsync(mv.Value, cancellationToken).ConfigureAwait(false);
                    m.Version = stat.Version;
                    m.Time = stat.Time;
                }
                catch (GoModuleException ex)
                {
                    m.Error = ex.Message;
                }
            }

            if (m.GoVersion.Length == 0)
            {
                try
                {
                    var summary = await Loader.RawAsync(new ModuleNode(m.Path, m.Version), cancellationToken).ConfigureAwait(false);
                    m.GoVersion = summary.GoVersion ?? string.Empty;
                }
                catch (GoModuleException)
                {
                    // As the go command: the go version stays unknown.
                }
            }

            if (mv is { } version)
            {
                var goModFile = Loader.Cache.Paths.GetGoModFile(version);
                if (File.Exists(goModFile))
                {
                    m.GoMod = goModFile;
                }

                m.GoModSum = RecordedSum(m.Path, m.Version + "/go.mod");
                if (Loader.Cache.IsExtracted(version))
                {
                    m.Dir = Loader.Cache.Paths.GetExtractedDirectory(version);
                }

                m.Sum = RecordedSum(m.Path, m.Version);
                if (retracted)
                {
                    await AddRetractionAsync(m, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private string RecordedSum(string path, string version)
        {
            var found = string.Empty;
            foreach (var h in options.GoSum?.GetHashesOfField(path, version) ?? [])
            {
                if (!h.StartsWith("h1:", StringComparison.Ordinal))
                {
                    continue;
                }

                if (found.Length != 0 && found != h)
                {
                    return string.Empty;
                }

                found = h;
            }

            return found;
        }

        public async Task AddChecksAsync(ListedModule m, CancellationToken cancellationToken)
        {
            if (options.Updates && m.Version.Length != 0)
            {
                try
                {
                    var update = await checks!.UpgradeAsync(m.Path, m.Version, cancellationToken).ConfigureAwait(false);
                    if (update is not null && GraphVersions.ModCompare(m.Path, update.Version, m.Version) > 0)
                    {
                        m.Update = new ListedModule { Path = m.Path, Version = update.Version, Time = update.Time };
                    }
                }
                catch (GoModuleException ex) when (ex is not ModuleNotFoundException)
                {
                    m.Error ??= ex.Message;
                }
                catch (ModuleNotFoundException)
                {
                    // No versions at all: nothing to report.
                }
            }

            if (retracted)
            {
                await AddRetractionAsync(m, cancellationToken).ConfigureAwait(false);
            }

            if (options.Updates && m.Version.Length != 0)
            {
                try
                {
                    m.Deprecated = await checks!.DeprecationAsync(new ModuleNode(m.Path, m.Version), cancellationToken).ConfigureAwait(false);
                }
                catch (ModuleNotFoundException)
                {
                    // Not found: nothing to report.
                }
                catch (GoModuleException ex)
                {
                    m.Error ??= "loading deprecation for " + m.Path + ": " + ex.Message;
                }
            }
        }

        private async Task AddRetractionAsync(ListedModule m, CancellationToken cancellationToken)
        {
            if (m.Version.Length == 0 || checks is null)
            {
                return;
            }

            try
            {
                var rationale = await checks.RetractionsAsync(new ModuleNode(m.Path, m.Version), cancellationToken).ConfigureAwait(false);
                if (rationale is not null)
                {
                    m.Retracted = rationale.Count == 0 ? ["retracted by module author"] : rationale;
                }
            }
            catch (ModuleNotFoundException)
            {
                // Not found: nothing to report.
            }
            catch (GoModuleException ex)
            {
                m.Error ??= $"loading module retractions for {m.Path}@{m.Version}: {ex.Message}";
            }
        }
    }
}
