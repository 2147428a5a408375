using System;
using System.Diagnostics.CodeAnalysis;
using GoModules.Fetching.Internal;
using GoModules.Kernel;

namespace GoModules.Fetching;

/// <summary>
/// A parsed version query (Go's <c>queryMatcher</c> in modload/query.go), without the parts that need
/// a main module: the current version, exclusions and retractions. Proxy queries and <c>go get</c> share it.
/// </summary>
public sealed class VersionQuery
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

    /// <summary>Whether a listed version passes the prefix and the comparison.</summary>
    /// <param name="version">A version from the module's list.</param>
    /// <returns><see langword="true"/> when the version matches the query.</returns>
    public bool Allows(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (Prefix.Length != 0 && !version.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return Filter is null || Filter(version);
    }

    /// <summary>Parses a query for a module path.</summary>
    /// <param name="path">The module path (its major-version suffix decides about <c>+incompatible</c>).</param>
    /// <param name="query">The query: <c>latest</c>, <c>upgrade</c>, a version, a prefix, a comparison or a revision.</param>
    /// <returns>The parsed query.</returns>
    /// <exception cref="ArgumentException">The query is empty or malformed.</exception>
    public static VersionQuery Parse(ModulePath path, string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        return TryParse(path, query, out var q, out var error) ? q : throw new ArgumentException(error, nameof(query));
    }

    /// <summary>Parses a non-empty query for a module path, or says in go's words why it is malformed.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="query">The query.</param>
    /// <param name="result">The parsed query, or <see langword="null"/>.</param>
    /// <param name="error">Why the query is malformed, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the query parsed.</returns>
    public static bool TryParse(ModulePath path, string query, [NotNullWhen(true)] out VersionQuery? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        result = null;
        var q = new VersionQuery(query);
        switch (query)
        {
            case "latest":
            case "upgrade":
                q.MayUseLatest = true;
                result = q;
                error = null;
                return true;
            case "patch":
                error = SRFormat.Format(SR.PatchWithoutCurrent, path);
                return false;
        }

        var op = query.StartsWith("<=", StringComparison.Ordinal) || query.StartsWith(">=", StringComparison.Ordinal) ? query[..2]
            : query.StartsWith('<') || query.StartsWith('>') ? query[..1]
            : string.Empty;
        var v = query[op.Length..];
        if (op.Length != 0 && !ModuleOps.IsValid(v))
        {
            error = SRFormat.Format(SR.InvalidSemVerInRange, v, query);
            return false;
        }

        if (op is "<=" or ">" && IsSemVerPrefix(v))
        {
            error = SRFormat.Format(SR.AmbiguousSemVerInRange, v, query);
            return false;
        }

        switch (op)
        {
            case "<=":
            {
                var bound = SemanticVersion.Parse(v);
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) <= bound;
                break;
            }

            case "<":
            {
                var bound = SemanticVersion.Parse(v);
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) < bound;
                break;
            }

            case ">=":
            {
                var bound = SemanticVersion.Parse(v);
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) >= bound;
                q.PreferLower = true;
                break;
            }

            case ">":
            {
                var bound = SemanticVersion.Parse(v);
                q.Filter = mv => SemanticVersion.ParseOrDefault(mv) > bound;
                q.PreferLower = true;
                break;
            }

            case var _ when ModuleOps.IsValid(query):
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

                break;
            default:
                // A branch, tag or commit name: asked for directly.
                q.IsDirectLookup = true;
                result = q;
                error = null;
                return true;
        }

        q.PreferIncompatible = !MatchesMajor(path, v);
        result = q;
        error = null;
        return true;
    }

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
