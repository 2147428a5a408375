using System;
using GoModules.Kernel;

namespace GoModules.Fetching.Internal;

/// <summary>
/// A parsed version query (Go's <c>queryMatcher</c> in modload/query.go), without the parts that need
/// a main module: the current version, exclusions and retractions.
/// </summary>
internal sealed class VersionQuery
{
    private VersionQuery(string text)
    {
        Text = text;
    }

    /// <summary>Gets the query as given.</summary>
    public string Text { get; }

    /// <summary>Gets whether the query names one version or revision that is asked for directly (<c>.info</c>, no list).</summary>
    public bool IsDirectLookup { get; private set; }

    /// <summary>Gets the prefix that listed versions must have, or empty.</summary>
    public string Prefix { get; private set; } = string.Empty;

    /// <summary>Gets the comparison that listed versions must pass, or <see langword="null"/>.</summary>
    public Func<string, bool>? Filter { get; private set; }

    /// <summary>Gets whether the lowest matching version is chosen instead of the highest.</summary>
    public bool PreferLower { get; private set; }

    /// <summary>Gets whether <c>@latest</c> may answer when the list has nothing.</summary>
    public bool MayUseLatest { get; private set; }

    /// <summary>Gets whether <c>+incompatible</c> versions are considered even when a compatible version has a go.mod.</summary>
    public bool PreferIncompatible { get; private set; }

    public bool Allows(string version)
    {
        if (Prefix.Length != 0 && !version.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return Filter is null || Filter(version);
    }

    /// <summary>Parses a query for a module path.</summary>
    /// <exception cref="ArgumentException">The query is empty or malformed.</exception>
    public static VersionQuery Parse(ModulePath path, string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        var q = new VersionQuery(query);
        switch (query)
        {
            case "latest":
            case "upgrade":
                q.MayUseLatest = true;
                return q;
            case "patch":
                throw new ArgumentException(SRFormat.Format(SR.PatchWithoutCurrent, path), nameof(query));
        }

        if (query.StartsWith("<=", StringComparison.Ordinal))
        {
            var v = Operand(query, 2);
            if (IsSemVerPrefix(v))
            {
                throw Ambiguous(v, query);
            }

            var bound = SemanticVersion.Parse(v);
            q.Filter = mv => SemanticVersion.ParseOrDefault(mv) <= bound;
            q.PreferIncompatible = !MatchesMajor(path, v);
        }
        else if (query.StartsWith('<'))
        {
            var v = Operand(query, 1);
            var bound = SemanticVersion.Parse(v);
            q.Filter = mv => SemanticVersion.ParseOrDefault(mv) < bound;
            q.PreferIncompatible = !MatchesMajor(path, v);
        }
        else if (query.StartsWith(">=", StringComparison.Ordinal))
        {
            var v = Operand(query, 2);
            var bound = SemanticVersion.Parse(v);
            q.Filter = mv => SemanticVersion.ParseOrDefault(mv) >= bound;
            q.PreferLower = true;
            q.PreferIncompatible = !MatchesMajor(path, v);
        }
        else if (query.StartsWith('>'))
        {
            var v = Operand(query, 1);
            if (IsSemVerPrefix(v))
            {
                throw Ambiguous(v, query);
            }

            var bound = SemanticVersion.Parse(v);
            q.Filter = mv => SemanticVersion.ParseOrDefault(mv) > bound;
            q.PreferLower = true;
            q.PreferIncompatible = !MatchesMajor(path, v);
        }
        else if (ModuleOps.IsValid(query))
        {
            if (IsSemVerPrefix(query))
            {
                var bound = SemanticVersion.Parse(query);
                q.Prefix = query + ".";
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) >= bound;
            }
            else
            {
                q.IsDirectLookup = true;
                q.Prefix = ModuleOps.Canonical(query);
                var exact = SemanticVersion.Parse(query);
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) == exact;
            }

            q.PreferIncompatible = !MatchesMajor(path, query);
        }
        else
        {
            // A branch, tag or commit name: asked for directly.
            q.IsDirectLookup = true;
        }

        return q;
    }

    private static string Operand(string query, int skip)
    {
        var v = query[skip..];
        if (!ModuleOps.IsValid(v))
        {
            throw new ArgumentException(SRFormat.Format(SR.InvalidSemVerInRange, v, query), nameof(query));
        }

        return v;
    }

    private static ArgumentException Ambiguous(string v, string query) =>
        new(SRFormat.Format(SR.AmbiguousSemVerInRange, v, query), nameof(query));

    // Go's isSemverPrefix: v1 or v1.2, not v1.2.3 and nothing with a pre-release or build suffix.
    private static bool IsSemVerPrefix(string v)
    {
        var dots = 0;
        foreach (var c in v)
        {
            if (c is '-' or '+')
            {
                return false;
            }

            if (c == '.' && ++dots >= 2)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesMajor(ModulePath path, string v)
    {
        // CheckPathMajor(v, pathMajor) == nil, judged on the canonical form of v.
        var canonical = ModuleOps.Canonical(v);
        return canonical.Length != 0 && ModuleOps.IsCompatibleVersion(path, canonical);
    }
}
