using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph.Internal;
using GoModules.Hashing;

namespace GoModules.Graph;

/// <summary>
/// <c>go get</c> for modules: resolves <c>path@query</c> arguments (<c>latest</c>, <c>upgrade</c>, <c>patch</c>,
/// <c>none</c>, exact versions, version prefixes and comparisons; a bare path means <c>@upgrade</c>), then edits the
/// main module's requirements as the go command does (every resolved version selected and nothing above it, roots that
/// would pull a module higher downgraded, <c>@none</c> removing the module and what requires it), and writes go.mod
/// (comments kept, the direct and indirect blocks of newer Go) and go.sum as the go command writes them.
/// </summary>
/// <remarks>
/// Package-level arguments are not supported (see <see cref="UnsupportedGetArgumentException"/>): the arguments must
/// be module paths, and no package is loaded, so the result equals the go command's only where the named modules do not
/// provide packages the main module imports with new dependencies (a module whose root directory holds no Go files, or
/// a main module without imports). Zips of the named modules are downloaded (their <c>h1:</c> hashes go to go.sum), as
/// are those of changed modules whose previous version had a zip hash in go.sum.
/// </remarks>
public static class ModuleGetter
{
    /// <summary>Runs <c>go get</c> with module arguments in a main module directory.</summary>
    /// <param name="moduleDirectory">The main module's directory (with go.mod; go.sum is read when present).</param>
    /// <param name="arguments">The arguments: <c>path</c> or <c>path@query</c>.</param>
    /// <param name="cache">The module cache (its options' go.sum, if any, should be the main module's).</param>
    /// <param name="fetcher">The fetcher that lists versions and answers queries (retractions included: they are checked here).</param>
    /// <param name="write">Whether to write go.mod and go.sum when they change.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new go.mod and go.sum and the changes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="UnsupportedGetArgumentException">An argument is not a module path with a supported query.</exception>
    /// <exception cref="NoMatchingVersionException">No version matches a query.</exception>
    /// <exception cref="GoModuleException">A version conflict (the go command's message), or a module cannot be fetched or verified.</exception>
    /// <exception cref="IOException">go.mod or go.sum cannot be read or written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<ModuleGetResult> GetAsync(string moduleDirectory, IReadOnlyList<string> arguments, ModuleCache cache, IModuleFetcher fetcher, bool write = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moduleDirectory);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(fetcher);
        var queries = arguments.Select(ParseArgument).ToList();
        var graph = await ModuleGraph.LoadAsync(moduleDirectory, cache, cancellationToken).ConfigureAwait(false);
        var loader = graph.Loader;
        var goSumPath = Path.Join(graph.MainModuleDirectory, "go.sum");
        var goSum = File.Exists(goSumPath) ? GoSumFile.Parse(await File.ReadAllBytesAsync(goSumPath, cancellationToken).ConfigureAwait(false)) : new GoSumFile();
        var checks = new VersionChecks(loader, fetcher);
        var resolver = new GetQueryResolver(loader, fetcher, checks);

        // Resolve every query from the versions selected at the start.
        var resolved = new List<(GetArgument Query, ModuleNode Module)>();
        var zips = new HashSet<ModuleNode>();
        foreach (var q in queries)
        {
            if (loader.Main.IsMainPath(q.Path))
            {
                throw new GoModuleException(q.Query == GraphVersions.None
                    ? $"go: {q}: cannot remove main module {q.Path}"
                    : $"go: {q}: can't request explicit version \"{q.Query}\" of main module {q.Path}");
            }

            var current = graph.Selected(q.Path) ?? string.Empty;
            string version;
            try
            {
                version = q.Query == GraphVersions.None ? GraphVersions.None : await resolver.ResolveAsync(q.Path, q.Query, current, cancellationToken).ConfigureAwait(false);
            }
            catch (NoMatchingVersionException ex)
            {
                throw new NoMatchingVersionException($"go: {q}: {ex.Message}", ex);
            }
            catch (GoModuleException ex) when (ex is not UnsupportedGetArgumentException && !ex.Message.StartsWith("go: ", StringComparison.Ordinal))
            {
                throw new GoModuleException($"go: {q}: {ex.Message}", ex);
            }

            var m = new ModuleNode(q.Path, version);
            resolved.Add((q, m));
            var actual = loader.Main.Resolve(m);
            if (version != GraphVersions.None && actual.Version.Length != 0 && zips.Add(actual))
            {
                // The go command downloads the module while it looks for the package of the same path.
                await cache.DownloadZipAsync(new ModuleVersion(ModulePath.Parse(actual.Path), actual.Version), cancellationToken).ConfigureAwait(false);
            }
        }

        var byPath = new Dictionary<string, (GetArgument Query, ModuleNode Module)>(StringComparer.Ordinal);
        foreach (var r in resolved)
        {
            byPath[r.Module.Path] = r;
        }

        var mustSelect = byPath.Values.Select(static r => r.Module).ToList();
        var (edited, conflicts) = await RequirementEditor.EditAsync(loader, graph.RootSet, mustSelect, (m, ct) => PreviousVersionAsync(loader, fetcher, checks, m, ct), cancellationToken).ConfigureAwait(false);
        if (edited is null)
        {
            throw new GoModuleException(string.Join('\n', conflicts.Select(c => FormatConflict(c, byPath))));
        }

        var finalGraph = await edited.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
        var buildList = finalGraph.BuildList();
        foreach (var m in buildList)
        {
            // A module that moved and had a zip hash in go.sum gets the hash of its new version too.
            var old = graph.Selected(m.Path);
            if (old is null || old.Length == 0 || GraphVersions.IsToolchain(m.Path))
            {
                continue;
            }

            var actual = loader.Main.Resolve(m);
            var oldActual = loader.Main.Resolve(new ModuleNode(m.Path, old));
            if (actual != oldActual && actual.Version.Length != 0 && ModulePath.TryParse(oldActual.Path, out var oldPath) && goSum.HasSum(new ModuleVersion(oldPath, oldActual.Version), GoSumHashKind.Zip) && zips.Add(actual))
            {
                await cache.DownloadZipAsync(new ModuleVersion(ModulePath.Parse(actual.Path), actual.Version), cancellationToken).ConfigureAwait(false);
            }
        }

        var warnings = ExcludedRequirementWarnings(loader.Main);
        warnings.AddRange(await ResolvedModuleWarningsAsync(checks, byPath.Values.Select(static r => r.Module), cancellationToken).ConfigureAwait(false));
        var resolvedVersions = byPath.Values.ToDictionary(static r => r.Module.Path, static r => r.Module.Version, StringComparer.Ordinal);
        var (goMod, goModChanged, changes) = GoModWriter.Write(graph, edited, resolvedVersions, buildList);
        if (!goModChanged)
        {
            goMod = await File.ReadAllBytesAsync(Path.Join(graph.MainModuleDirectory, "go.mod"), cancellationToken).ConfigureAwait(false);
        }

        var goSumChanged = await AddSumsAsync(loader, goSum, finalGraph, buildList, zips, cache, cancellationToken).ConfigureAwait(false);
        var goSumBytes = goSumChanged || File.Exists(goSumPath) ? Encoding.UTF8.GetBytes(goSum.Format()) : null;
        if (write)
        {
            if (goModChanged)
            {
                await File.WriteAllBytesAsync(Path.Join(graph.MainModuleDirectory, "go.mod"), goMod, cancellationToken).ConfigureAwait(false);
            }

            if (goSumChanged)
            {
                await File.WriteAllBytesAsync(goSumPath, goSumBytes!, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ModuleGetResult(goMod, goSumBytes, goModChanged, goSumChanged, changes, warnings);
    }

    /// <summary>The go command's note for each requirement of the main module on a version it excludes (dropped on load).</summary>
    private static List<string> ExcludedRequirementWarnings(MainModuleIndex main)
    {
        var lines = new List<string>();
        foreach (var r in main.File.Require)
        {
            if (main.IsExcluded(new ModuleNode(r.Path, r.Version)))
            {
                lines.Add($"go: dropping requirement on excluded version {r.Path} {r.Version}");
            }
        }

        return lines;
    }

    /// <summary>
    /// The deprecations, then the retractions, of the versions the queries resolved to, read from each module's latest
    /// go.mod as <c>go get</c> does after the edit (those go.mod reads count for go.sum); failures to load them are ignored.
    /// </summary>
    private static async Task<List<string>> ResolvedModuleWarningsAsync(VersionChecks checks, IEnumerable<ModuleNode> resolved, CancellationToken cancellationToken)
    {
        var modules = resolved.OrderBy(static m => m.Path, StringComparer.Ordinal).ToList();
        var lines = new List<string>();
        foreach (var m in modules)
        {
            try
            {
                if (await checks.DeprecationAsync(m, cancellationToken).ConfigureAwait(false) is { Length: > 0 } deprecation)
                {
                    lines.Add($"go: module {m.Path} is deprecated: {ShortMessage.Of(deprecation, string.Empty)}");
                }
            }
            catch (GoModuleException)
            {
            }
        }

        string? retractedPath = null;
        foreach (var m in modules)
        {
            List<string>? rationale;
            try
            {
                rationale = await checks.RetractionsAsync(m, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException)
            {
                continue;
            }

            if (rationale is not null)
            {
                var why = rationale.Count == 0 ? string.Empty : ": " + ShortMessage.Of(rationale[0], "retracted by module author");
                lines.Add($"go: warning: {m.Path}@{m.Version}: retracted by module author{why}");
                retractedPath = retractedPath is null ? m.Path : "<module>";
            }
        }

        if (retractedPath is not null)
        {
            lines.Add($"go: to switch to the latest unretracted version, run:\n\tgo get {retractedPath}@latest");
        }

        return lines;
    }

    private static GetArgument ParseArgument(string arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        var at = arg.IndexOf('@', StringComparison.Ordinal);
        var path = at < 0 ? arg : arg[..at];
        var query = at < 0 ? "upgrade" : arg[(at + 1)..];
        if (path is "all" or "go" or "toolchain" or "tool" or "work" || path.Contains("...", StringComparison.Ordinal) || path.StartsWith('.') || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new UnsupportedGetArgumentException($"go get {arg}: only module path arguments are supported (package paths, patterns and the go, toolchain, tool and work arguments are not)");
        }

        if (!ModulePath.TryParse(path, out _) || query.Length == 0)
        {
            throw new UnsupportedGetArgumentException($"go get {arg}: not a module path with a version query");
        }

        return new GetArgument(path, query, at >= 0);
    }

    private static string FormatConflict(RequirementConflict c, Dictionary<string, (GetArgument Query, ModuleNode Module)> byPath)
    {
        string Reason(ModuleNode m) => byPath.TryGetValue(m.Path, out var r) ? r.Query.ResolvedString(r.Module) : m.ToString();
        var adverb = c.Path.Count > 2 ? "indirectly " : string.Empty;
        return $"go: {Reason(c.Path[0])} {adverb}requires {c.Path[^1]}, not {Reason(c.Constraint)}";
    }

    /// <summary>The highest allowed version below <paramref name="m"/>'s, or <c>none</c> (the go command's <c>previousVersion</c>).</summary>
    private static async Task<ModuleNode> PreviousVersionAsync(SummaryLoader loader, IModuleFetcher fetcher, VersionChecks checks, ModuleNode m, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> list;
        try
        {
            list = await fetcher.ListVersionsAsync(ModulePath.Parse(m.Path), cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleNotFoundException)
        {
            return new ModuleNode(m.Path, GraphVersions.None);
        }

        string? best = null;
        foreach (var v in list)
        {
            if (GraphVersions.ModCompare(m.Path, v, m.Version) < 0 && (best is null || GraphVersions.ModCompare(m.Path, v, best) > 0)
                && await checks.AllowedAsync(new ModuleNode(m.Path, v), cancellationToken).ConfigureAwait(false))
            {
                best = v;
            }
        }

        _ = loader;
        return new ModuleNode(m.Path, best ?? GraphVersions.None);
    }

    /// <summary>
    /// Adds the hashes the go command would add to go.sum: of each go.mod read that the final graph loads (and of the
    /// build list's), and of each zip downloaded whose module is in the build list. Existing lines stay.
    /// </summary>
    private static async Task<bool> AddSumsAsync(SummaryLoader loader, GoSumFile goSum, RequirementGraphState finalGraph, List<ModuleNode> buildList, HashSet<ModuleNode> zips, ModuleCache cache, CancellationToken cancellationToken)
    {
        var keepMod = new HashSet<ModuleNode>();
        foreach (var m in finalGraph.WalkBreadthFirst())
        {
            if (finalGraph.RequiredBy(m) is not null)
            {
                keepMod.Add(loader.Main.Resolve(m));
            }
        }

        var keepZip = new HashSet<ModuleNode>();
        foreach (var m in buildList)
        {
            var r = loader.Main.Resolve(m);
            keepMod.Add(r);
            keepZip.Add(r);
        }

        var changed = false;
        foreach (var m in keepMod.OrderBy(static m => m.Path, StringComparer.Ordinal))
        {
            if (m.Version.Length != 0 && !GraphVersions.IsToolchain(m.Path) && loader.GoModsRead.TryGetValue(m, out var data))
            {
                changed |= goSum.Add(new ModuleVersion(ModulePath.Parse(m.Path), m.Version), GoSumHashKind.GoMod, DirHash.HashGoMod(data.Span));
            }
        }

        foreach (var m in zips)
        {
            if (keepZip.Contains(m) && await cache.GetZipHashAsync(new ModuleVersion(ModulePath.Parse(m.Path), m.Version), cancellationToken).ConfigureAwait(false) is { } hash)
            {
                changed |= goSum.Add(new ModuleVersion(ModulePath.Parse(m.Path), m.Version), GoSumHashKind.Zip, hash);
            }
        }

        return changed;
    }
}
