using System;

namespace GoModules;

/// <summary>
/// How a <see cref="Fetching.ProxyChainFetcher"/> reuses metadata answers in memory (like NuGet's
/// <c>SourceCacheContext</c>): version lists, version queries (<c>latest</c>, prefixes, comparisons), <c>.info</c>
/// answers and the go.mod files read by the retraction check. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GoCommand"/> (the default) keeps what a go command run keeps beyond one call: a version's go.mod is
/// remembered for the fetcher's life (it cannot change: go.sum and the checksum database pin it); every call asks again
/// for lists, queries and <c>.info</c>, each with its own requests (a go process lives for one command, so its in-process
/// caches never outlive the call that filled them). <see cref="NoCache"/> asks every time, go.mod files included.
/// <see cref="MaxAge(TimeSpan)"/> reuses list, query and <c>.info</c> answers until they are older than the given age,
/// and concurrent identical requests share one request (single flight): a long-running scanner then does not repeat a
/// <c>latest</c> query it made a minute ago. A caller that cancels stops waiting; the shared request goes on for the
/// other callers and is cancelled only when all of them have given up (and then nothing is kept).
/// </para>
/// <para>
/// Failures are never reused, whatever the policy: a module not found a minute ago may have been published since, and a
/// failed request may succeed when retried. (The go command keeps a failure for the rest of its run, which is short;
/// a long-running host is not.) The memory is bounded (16,384 answers per fetcher): when it is full, the older half is
/// dropped.
/// </para>
/// </remarks>
public sealed class MetadataCachePolicy
{
    private MetadataCachePolicy(MetadataCacheMode mode, TimeSpan maxAge)
    {
        Mode = mode;
        MaxAgeDuration = maxAge;
    }

    /// <summary>Gets the go command's own behaviour (the default): no answer reused across calls except go.mod files.</summary>
    public static MetadataCachePolicy GoCommand { get; } = new(MetadataCacheMode.GoCommand, TimeSpan.Zero);

    /// <summary>Gets the policy that reuses nothing: every call asks the source.</summary>
    public static MetadataCachePolicy NoCache { get; } = new(MetadataCacheMode.NoCache, TimeSpan.Zero);

    /// <summary>Gets the mode.</summary>
    public MetadataCacheMode Mode { get; }

    /// <summary>Gets how long an answer is reused with <see cref="MetadataCacheMode.MaxAge"/>.</summary>
    /// <value>Positive for <see cref="MetadataCacheMode.MaxAge"/>; <see cref="TimeSpan.Zero"/> otherwise.</value>
    public TimeSpan MaxAgeDuration { get; }

    /// <summary>Creates a policy that reuses successful answers until they are older than <paramref name="maxAge"/>.</summary>
    /// <param name="maxAge">The longest time an answer is reused; positive.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAge"/> is zero or negative.</exception>
    public static MetadataCachePolicy MaxAge(TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        return new MetadataCachePolicy(MetadataCacheMode.MaxAge, maxAge);
    }

    /// <inheritdoc/>
    public override string ToString() => Mode == MetadataCacheMode.MaxAge ? "MaxAge(" + MaxAgeDuration + ")" : Mode.ToString();
}
