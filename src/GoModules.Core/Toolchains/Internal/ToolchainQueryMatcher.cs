using System;
using GoModules.Kernel;

namespace GoModules.Toolchains.Internal;

/// <summary>
/// What a list query on <c>go</c> or <c>toolchain</c> accepts (the go command's query matcher for these paths): a
/// version prefix, a filter, and whether the lowest match is wanted.
/// </summary>
internal sealed class ToolchainQueryMatcher
{
    private readonly string _path;
    private string _prefix = string.Empty;
    private Func<string, bool>? _filter;

    private ToolchainQueryMatcher(string path) => _path = path;

    /// <summary>Whether the lowest matching version is wanted (<c>&gt;</c> and <c>&gt;=</c>).</summary>
    public bool PreferLower { get; private set; }

    /// <summary>Whether the highest listed version may be taken when nothing matched (<c>latest</c>, <c>upgrade</c> from nothing).</summary>
    public bool MayUseLatest { get; private set; }

    /// <summary>
    /// The matcher for <paramref name="query"/>, or <see langword="null"/> when the query names one version to be
    /// asked for directly (an exact version, or text that is no query at all and fails when asked for).
    /// </summary>
    /// <exception cref="GoToolchainQueryException">The go command refuses the query before listing.</exception>
    public static ToolchainQueryMatcher? Create(string path, string query, string current)
    {
        var m = new ToolchainQueryMatcher(path);
        var hasCurrent = current.Length != 0 && current != "none";
        switch (query)
        {
            case "latest":
                m.MayUseLatest = true;
                return m;
            case "upgrade":
                if (!hasCurrent)
                {
                    m.MayUseLatest = true;
                }
                else
                {
                    m._filter = v => ToolchainQuery.Compare(path, v, current) >= 0;
                }

                return m;
            case "patch":
                if (!hasCurrent)
                {
                    throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.NoPatchBase, SRFormat.Format(SR.ToolchainQueryNoPatchBase, path));
                }

                m._prefix = ToolchainQuery.MajorMinor(path, current) + ".";
                m._filter = v => ToolchainQuery.Compare(path, v, current) >= 0;
                return m;
        }

        if (query.StartsWith("<=", StringComparison.Ordinal))
        {
            var v = Operand(path, query, 2, refusePrefix: true);
            m._filter = x => ToolchainQuery.Compare(path, x, v) <= 0;
        }
        else if (query.StartsWith('<'))
        {
            var v = Operand(path, query, 1, refusePrefix: false);
            m._filter = x => ToolchainQuery.Compare(path, x, v) < 0;
        }
        else if (query.StartsWith(">=", StringComparison.Ordinal))
        {
            var v = Operand(path, query, 2, refusePrefix: false);
            m._filter = x => ToolchainQuery.Compare(path, x, v) >= 0;
            m.PreferLower = true;
        }
        else if (query.StartsWith('>'))
        {
            var v = Operand(path, query, 1, refusePrefix: true);
            m._filter = x => ToolchainQuery.Compare(path, x, v) > 0;
            m.PreferLower = true;
        }
        else if (ToolchainQuery.IsValid(path, query) && ToolchainQuery.IsPrefix(path, query))
        {
            // 1.27 selects among 1.27.x, never below 1.27.0's pre-releases; 1.27 itself matches too.
            m._prefix = query + ".";
            m._filter = x => ToolchainQuery.Compare(path, x, query) >= 0;
        }
        else
        {
            return null;
        }

        return m;
    }

    /// <summary>Whether the query accepts <paramref name="version"/>.</summary>
    public bool Allows(string version)
    {
        if (_prefix.Length != 0 && !version.StartsWith(_prefix, StringComparison.Ordinal) && version != _prefix[..^1])
        {
            return false;
        }

        return _filter is null || _filter(version);
    }

    private static string Operand(string path, string query, int skip, bool refusePrefix)
    {
        var v = query[skip..];
        if (!ToolchainQuery.IsValid(path, v))
        {
            throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.InvalidRange, SRFormat.Format(SR.ToolchainQueryInvalidRange, GoQuote.Quote(v), GoQuote.Quote(query)));
        }

        if (refusePrefix && ToolchainQuery.IsPrefix(path, v))
        {
            // Would <=1.27 allow 1.27.3? 1.27 as a query may mean 1.27.3, so the go command does not decide.
            throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.AmbiguousRange, SRFormat.Format(SR.ToolchainQueryAmbiguousRange, GoQuote.Quote(v), GoQuote.Quote(query)));
        }

        return v;
    }
}
