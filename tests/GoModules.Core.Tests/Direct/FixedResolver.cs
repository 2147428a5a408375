namespace GoModules.Tests.Direct;

/// <summary>Resolves every module path under a root to one repository (a local path or URL).</summary>
internal sealed class FixedResolver(string root, string url) : GoModules.Direct.IRepositoryRootResolver
{
    public ValueTask<GoModules.Direct.RepositoryRoot> ResolveAsync(ModulePath path, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new GoModules.Direct.RepositoryRoot(root, "git", url));
}
