namespace GoModules;

/// <summary>How a fetcher reuses metadata answers (version lists, queries such as <c>latest</c>, <c>.info</c>, go.mod files); see <see cref="MetadataCachePolicy"/>.</summary>
public enum MetadataCacheMode
{
    /// <summary>
    /// The go command's own behaviour: a version's go.mod is remembered, but every call asks again for lists, queries and
    /// <c>.info</c>.
    /// </summary>
    GoCommand,

    /// <summary>Nothing is reused: every call asks the source, go.mod files included.</summary>
    NoCache,

    /// <summary>Successful answers are reused until they are older than the policy's maximum age; concurrent identical requests share one.</summary>
    MaxAge,
}
