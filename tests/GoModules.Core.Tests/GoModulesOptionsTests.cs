namespace GoModules.Core.Tests;

/// <summary>Issue 16: the Go settings of <see cref="GoModulesOptions"/> resolve to one <see cref="GoEnvironment"/>, with go's defaults.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoModulesOptionsTests
{
    [Test]
    public void WithoutTheEnvironmentOnlyTheSetValuesCountWithGosDefaults()
    {
        var env = new GoModulesOptions { UseEnvironment = false, GoPath = "/srv/gopath", GoFlags = "-modcacherw", GoToolchain = "go1.22.0+auto" }.CreateEnvironment();
        Assert.That(env.GoProxy, Is.EqualTo(GoEnvironment.DefaultGoProxy));
        Assert.That(env.GoSumDb, Is.EqualTo(GoEnvironment.DefaultGoSumDb));
        Assert.That(env.GoModCache, Is.EqualTo("/srv/gopath/pkg/mod"));
        Assert.That(env.ModCacheReadWrite, Is.True);
        Assert.That(env.GoToolchain, Is.EqualTo("go1.22.0+auto"));
    }

    [Test]
    public void SetValuesOverrideTheBaselineAndGoprivateCarriesItsDefaults()
    {
        var baseline = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPRIVATE"] = "old.example", ["GOPATH"] = "/g", ["GOSUMDB"] = "off", ["GOTOOLCHAIN"] = "local" });
        Assert.That(new GoModulesOptions().CreateEnvironment(baseline), Is.SameAs(baseline), "nothing set: the baseline itself");

        var env = new GoModulesOptions { GoPrivate = "corp.example" }.CreateEnvironment(baseline);
        Assert.That(env.GoNoProxy, Is.EqualTo("corp.example"), "GONOPROXY defaulted to GOPRIVATE, so it follows the new one");
        Assert.That(env.GoNoSumDb, Is.EqualTo("corp.example"));
        Assert.That(env.GoSumDb, Is.EqualTo("off"));
        Assert.That(env.GoModCache, Is.EqualTo("/g/pkg/mod"));
        Assert.That(env.GoToolchain, Is.EqualTo("local"));

        var explicitNoProxy = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPRIVATE"] = "old.example", ["GONOPROXY"] = "none" });
        Assert.That(new GoModulesOptions { GoPrivate = "corp.example" }.CreateEnvironment(explicitNoProxy).GoNoProxy, Is.EqualTo("none"));
    }

    [Test]
    public void TheMetadataCachePolicyFollowsTheOptions()
    {
        Assert.That(new GoModulesOptions().GetMetadataCachePolicy(), Is.SameAs(MetadataCachePolicy.GoCommand));
        Assert.That(new GoModulesOptions { MetadataCache = MetadataCacheMode.NoCache }.GetMetadataCachePolicy(), Is.SameAs(MetadataCachePolicy.NoCache));
        var maxAge = new GoModulesOptions { MetadataCache = MetadataCacheMode.MaxAge, MetadataCacheMaxAge = TimeSpan.FromSeconds(30) }.GetMetadataCachePolicy();
        Assert.That(maxAge.Mode, Is.EqualTo(MetadataCacheMode.MaxAge));
        Assert.That(maxAge.MaxAgeDuration, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MetadataCachePolicy.MaxAge(TimeSpan.Zero));
    }
}
