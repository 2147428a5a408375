using GoModules.Fetching;

namespace GoModules.Tests;

/// <summary>
/// The typed version beyond the conformance vectors (which run every semver vector through it too, see
/// Conformance/SemVerOps): equality rules, the default value, collections and where it crosses the API.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SemanticVersionTests
{
    [Test]
    public void EqualityFollowsGoPrecedence_BuildMetadataAndShorthandIgnored()
    {
        var v1 = SemanticVersion.Parse("v1");
        var full = SemanticVersion.Parse("v1.0.0");
        var meta = SemanticVersion.Parse("v1.0.0+meta");
        var incompatible = SemanticVersion.Parse("v2.0.0+incompatible");
        Assert.Multiple(() =>
        {
            Assert.That(v1, Is.EqualTo(full));
            Assert.That(meta, Is.EqualTo(full));
            Assert.That(new HashSet<SemanticVersion> { v1, full, meta }, Has.Count.EqualTo(1), "equal values hash alike");
            Assert.That(incompatible, Is.EqualTo(SemanticVersion.Parse("v2.0.0")));
            Assert.That(incompatible.IsIncompatible, Is.True);
            Assert.That(incompatible.ModuleCanonical, Is.EqualTo("v2.0.0+incompatible"));
            Assert.That(incompatible.Canonical, Is.EqualTo("v2.0.0"));
            Assert.That(meta.ToString(), Is.EqualTo("v1.0.0+meta"), "the text is kept as given");
        });
    }

    [Test]
    public void OrdersReleasesAbovePrereleasesAndNumbersNumerically()
    {
        var sorted = new[] { "v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v1.2.0-rc.10", "v1.2.0-rc.2", "v1.2.0-alpha", "v0.9.0" }
            .Select(SemanticVersion.Parse)
            .Order()
            .Select(v => v.ToString());
        Assert.That(sorted, Is.EqualTo(new[] { "v0.9.0", "v1.2.0-alpha", "v1.2.0-rc.1", "v1.2.0-rc.2", "v1.2.0-rc.10", "v1.2.0", "v1.10.0" }));
    }

    [Test]
    public void DefaultIsTheInvalidVersionBelowEveryValidOne()
    {
        var none = default(SemanticVersion);
        Assert.Multiple(() =>
        {
            Assert.That(none.IsValid, Is.False);
            Assert.That(none.ToString(), Is.Empty);
            Assert.That(none.Canonical, Is.Empty);
            Assert.That(none < SemanticVersion.Parse("v0.0.0-0"), Is.True);
            Assert.That(SemanticVersion.ParseOrDefault("latest"), Is.EqualTo(none));
            Assert.That(SemanticVersion.ParseOrDefault(null), Is.EqualTo(none));
            Assert.That(none.CompareTo(null), Is.EqualTo(1));
            Assert.That(() => none.CompareTo("v1.0.0"), Throws.ArgumentException);
        });
    }

    [Test]
    public void ParseRejectsWithFormatExceptionNamingTheText()
    {
        var ex = Assert.Throws<FormatException>(() => SemanticVersion.Parse("1.2.3"));
        Assert.That(ex!.Message, Does.Contain("\"1.2.3\""));
        Assert.That(() => SemanticVersion.Parse("v1.2.3-".AsSpan()), Throws.InstanceOf<FormatException>());
        Assert.That(() => SemanticVersion.Parse((string)null!), Throws.ArgumentNullException);
    }

    [Test]
    public void IsSpanParsableAndSpanFormattable()
    {
        Assert.That(ParseGeneric<SemanticVersion>("v1.2.3-pre"), Is.EqualTo(SemanticVersion.Parse("v1.2.3-pre")));
        var v = SemanticVersion.Parse("v1.2.3-pre+b");
        var small = new char[3];
        var big = new char[32];
        Assert.That(v.TryFormat(small, out var none), Is.False);
        Assert.That(none, Is.Zero);
        Assert.That(v.TryFormat(big, out var written), Is.True);
        Assert.That(new string(big, 0, written), Is.EqualTo("v1.2.3-pre+b"));
        Assert.That($"{v}", Is.EqualTo("v1.2.3-pre+b"));

        static T ParseGeneric<T>(string s)
            where T : ISpanParsable<T> => T.Parse(s.AsSpan(), null);
    }

    [Test]
    public async Task QueryResultsAndVersionListsCompareAsTypedVersions()
    {
        var log = new List<string>();
        var proxy = new Fetching.FakeProxy("A", log);
        proxy.Serve("example.com/m/@v/list", "v1.10.0\nv1.2.0\nnot-a-version\nv1.2.0-rc.1\n");
        proxy.Serve("example.com/m/@v/v1.10.0.info", "{\"Version\":\"v1.10.0\"}");
        proxy.Serve("example.com/m/@v/v1.2.0.info", "{\"Version\":\"v1.2.0\"}");
        var fetcher = new ProxyModuleFetcher(proxy);
        var path = ModulePath.Parse("example.com/m");

        var listed = await fetcher.ListSemanticVersionsAsync(path);
        var latest = await fetcher.GetLatestAsync(path);
        var older = await fetcher.QueryAsync(path, "<v1.10.0");
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(v => v.ToString()), Is.EqualTo(new[] { "v1.2.0-rc.1", "v1.2.0", "v1.10.0" }));
            Assert.That(latest.SemanticVersion, Is.EqualTo(listed[^1]));
            Assert.That(older.Version, Is.EqualTo("v1.2.0"));
            Assert.That(latest.SemanticVersion > older.SemanticVersion, Is.True, "v1.10.0 > v1.2.0, not ordinal");
            Assert.That(new ModuleInfo("(devel)", default).SemanticVersion.IsValid, Is.False);
        });
    }
}
