using GoModules.Fetching;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Tests.Direct;

[TestFixture]
public sealed class DirectModeServiceTests
{
    [Test]
    public void UseDirectModeWiresGitDirectModeIntoTheChain()
    {
        using var temp = new TempDirectory();
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?>
        {
            ["GOPROXY"] = "direct",
            ["GOPATH"] = temp.Path,
            ["HOME"] = temp.Path,
        });
        var services = new ServiceCollection();
        services.AddGoModules().UseGoEnvironment(env).UseDirectMode(o => o.GoVcs = "github.com:off");
        using var sp = services.BuildServiceProvider();
        var fetcher = sp.GetRequiredService<IModuleFetcher>();
        var ex = Assert.CatchAsync<GoModuleException>(async () => await fetcher.ListVersionsAsync(ModulePath.Parse("github.com/user/repo")));
        Assert.That(ex!.Message, Is.EqualTo("module github.com/user/repo: GOVCS disallows using git for public github.com/user/repo; see 'go help vcs'"));
    }
}
