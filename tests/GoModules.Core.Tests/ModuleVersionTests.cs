namespace GoModules.Tests;

/// <summary>Behaviour of <see cref="ModuleVersion"/> beyond module.Check's vectors.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleVersionTests
{
    [Test]
    public void ToStringOmitsAnEmptyVersion()
    {
        var path = ModulePath.Parse("golang.org/x/mod");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new ModuleVersion(path, "v0.7.0").ToString(), Is.EqualTo("golang.org/x/mod@v0.7.0"));
            Assert.That(new ModuleVersion(path, "").ToString(), Is.EqualTo("golang.org/x/mod"));
            Assert.That(default(ModuleVersion).ToString(), Is.Empty);
        }
    }

    [Test]
    public void ParseSplitsAtTheFirstAt()
    {
        using (Assert.EnterMultipleScope())
        {
            var mv = ModuleVersion.Parse("rsc.io/quote/v3@v3.1.0");
            Assert.That((mv.Path.Value, mv.Version), Is.EqualTo(("rsc.io/quote/v3", "v3.1.0")));
            Assert.That(ModuleVersion.Parse("rsc.io/quote").Version, Is.Empty);
            Assert.That(ModuleVersion.Parse("rsc.io/quote@"), Is.EqualTo(new ModuleVersion(ModulePath.Parse("rsc.io/quote"), "")));
            Assert.That(ModuleVersion.Parse("rsc.io/quote@v1@x").Version, Is.EqualTo("v1@x"));
            Assert.That(Assert.Throws<InvalidModulePathException>(() => ModuleVersion.Parse("RSC.io/quote@v1.0.0"))!.Reason, Is.EqualTo(PathErrorKind.InvalidCharFirstElement));
            Assert.That(ModuleVersion.TryParse("rsc.io/quote@v1.5.2", out var ok), Is.True);
            Assert.That(ok.ToString(), Is.EqualTo("rsc.io/quote@v1.5.2"));
            Assert.That(ModuleVersion.TryParse("@v1.0.0", out var bad), Is.False);
            Assert.That(bad, Is.EqualTo(default(ModuleVersion)));
            Assert.That(ModuleVersion.TryParse(null, out _), Is.False);
        }
    }

    [TestCase("example.com/m", "v1.0.0+incompatible")]
    [TestCase("example.com/m", "v0.0.0+incompatible")]
    [TestCase("example.com/m", "v4.1.0+incompatible")]
    [TestCase("example.com/m", "v1.2")]
    [TestCase("example.com/m", "v1.0.0+meta")]
    [TestCase("example.com/m/v2", "v2.0.0-pre")]
    [TestCase("gopkg.in/check.v1", "v0.0.0-20161208181325-20d25e280405")]
    [TestCase("gopkg.in/yaml.v2", "v2.2.1")]
    public void CheckAcceptsValidPairs(string path, string version)
    {
        Assert.DoesNotThrow(() => ModuleVersion.Check(path, version));
        Assert.DoesNotThrow(() => new ModuleVersion(ModulePath.Parse(path), version).Check());
    }

    [Test]
    public void CheckReportsModuleErrorsInGoWords()
    {
        using (Assert.EnterMultipleScope())
        {
            var mismatch = Assert.Throws<InvalidModuleVersionException>(() => ModuleVersion.Check("example.com/m/v2", "v3.0.0"))!;
            Assert.That(mismatch.Kind, Is.EqualTo(VersionErrorKinds.MajorVersionMismatch));
            Assert.That(mismatch.Path, Is.EqualTo("example.com/m/v2"));
            Assert.That(mismatch.Message, Is.EqualTo("example.com/m/v2@v3.0.0: invalid version: should be v2, not v3"));

            var incompatible = Assert.Throws<InvalidModuleVersionException>(() => ModuleVersion.Check("example.com/m/v2", "v3.0.0+incompatible"))!;
            Assert.That(incompatible.Kind, Is.EqualTo(VersionErrorKinds.MajorVersionMismatch));

            var notSemver = Assert.Throws<InvalidModuleVersionException>(() => ModuleVersion.Check("example.com/m", "latest"))!;
            Assert.That(notSemver.Kind, Is.EqualTo(VersionErrorKinds.InvalidVersion));
            Assert.That(notSemver.Message, Is.EqualTo("example.com/m@latest: invalid version: not a semantic version"));

            var badPath = Assert.Throws<InvalidModulePathException>(() => ModuleVersion.Check("example.com/m/v1", "v1.0.0"))!;
            Assert.That(badPath.Reason, Is.EqualTo(PathErrorKind.BadMajorSuffix));
        }
    }

    [Test]
    public void CheckOnTheDefaultValueRejectsTheEmptyPath()
    {
        Assert.That(Assert.Throws<InvalidModulePathException>(() => default(ModuleVersion).Check())!.Reason, Is.EqualTo(PathErrorKind.EmptyString));
        var noVersion = new ModuleVersion(ModulePath.Parse("example.com/m"), null!);
        Assert.That(Assert.Throws<InvalidModuleVersionException>(() => noVersion.Check())!.Kind, Is.EqualTo(VersionErrorKinds.InvalidVersion));
    }

    [Test]
    public void EqualityComparesBothParts()
    {
        var a = ModuleVersion.Parse("example.com/m@v1.0.0");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a, Is.EqualTo(ModuleVersion.Parse("example.com/m@v1.0.0")));
            Assert.That(a, Is.Not.EqualTo(ModuleVersion.Parse("example.com/m@v1.0.1")));
            Assert.That(a, Is.Not.EqualTo(ModuleVersion.Parse("example.com/M@v1.0.0")));
        }
    }
}
