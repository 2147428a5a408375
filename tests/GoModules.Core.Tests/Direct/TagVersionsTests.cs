using System.Text;
using GoModules.Direct.Internal;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class TagVersionsTests
{
    [TestCase("v1.2.3", "", "v1.2.3", true)]
    [TestCase("v1.2.3+meta", "", "v1.2.3", false)]
    [TestCase("v1.2", "", "", false)]
    [TestCase("sub/v1.0.0", "sub/", "v1.0.0", true)]
    [TestCase("v1.0.0", "sub/", "", false)]
    [TestCase("v0.0.0-20200101000000-abcdefabcdef", "", "", false)]
    [TestCase("release-1", "", "", false)]
    public void TagToVersion(string tag, string prefix, string version, bool canonical)
    {
        var v = TagVersions.TagToVersion(tag, prefix, out var isCanonical);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(v, Is.EqualTo(version), tag);
            Assert.That(isCanonical, Is.EqualTo(canonical), tag);
        }
    }

    [Test]
    public void ClassifySplitsByMajorVersion()
    {
        var (list, incompatible) = TagVersions.Classify(["v1.0.0", "v2.1.0", "v1.1", "v0.9.0", "v1.0.0+build", "sub/v1.0.0", "v3.0.0"], "", "");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list, Is.EqualTo(new[] { "v0.9.0", "v1.0.0" }));
            Assert.That(incompatible, Is.EqualTo(new[] { "v2.1.0", "v3.0.0" }));
        }

        var (v2, none) = TagVersions.Classify(["v1.0.0", "v2.1.0", "v2.0.0"], "", "/v2");
        Assert.That(v2, Is.EqualTo(new[] { "v2.0.0", "v2.1.0" }));
        Assert.That(none, Is.Empty);
    }

    [TestCase("example.com/m", "", true)]
    [TestCase("example.com/m/v2", "", false)]
    [TestCase("example.com/m/v2", "/v2", true)]
    [TestCase("example.com/m", "/v2", false)]
    [TestCase("gopkg.in/yaml.v2", ".v2", true)]
    [TestCase("", "", false)]
    public void IsMajor(string modulePath, string pathMajor, bool expected) =>
        Assert.That(TagVersions.IsMajor(modulePath, pathMajor), Is.EqualTo(expected));

    [TestCase("module example.com/m\n", "example.com/m")]
    [TestCase("// comment\nmodule   \"example.com/q\" // trailing\ngo 1.19\n", "example.com/q")]
    [TestCase("module `example.com/raw`\n", "example.com/raw")]
    [TestCase("modulex example.com/m\n", "")]
    [TestCase("go 1.19\n", "")]
    public void GoModModulePath(string text, string expected) =>
        Assert.That(TagVersions.GoModModulePath(Encoding.UTF8.GetBytes(text)), Is.EqualTo(expected));

    [Test]
    public void RetractionsInAllForms()
    {
        const string text = "module m\n\nretract v1.0.1 // bad\nretract [v1.2.0, v1.2.9]\nretract (\n\tv1.3.0\n\t[ v1.4.0 , v1.4.2 ] // why\n\t\"v1.5.0\"\n)\nretracted v9.9.9\nrequire x v1.0.0\n";
        var r = TagVersions.Retractions(Encoding.UTF8.GetBytes(text));
        Assert.That(r, Is.EqualTo(new[] { ("v1.0.1", "v1.0.1"), ("v1.2.0", "v1.2.9"), ("v1.3.0", "v1.3.0"), ("v1.4.0", "v1.4.2"), ("v1.5.0", "v1.5.0") }));
    }

    [Test]
    public void LegacyGoModQuotesOnlyWhenNeeded()
    {
        Assert.That(Encoding.UTF8.GetString(TagVersions.LegacyGoMod("example.com/m")), Is.EqualTo("module example.com/m\n"));
    }

    [Test]
    public void LsRemotePeelsAnnotatedTagsAndKeepsOnlyHeadsTagsAndHead()
    {
        var refs = GitRepository.ParseLsRemote("aaa\tHEAD\nbbb\trefs/heads/main\nccc\trefs/tags/v1.0.0\nddd\trefs/tags/v1.0.0^{}\neee\trefs/pull/1/head\n");
        Assert.That(refs, Is.EquivalentTo(new Dictionary<string, string> { ["HEAD"] = "aaa", ["refs/heads/main"] = "bbb", ["refs/tags/v1.0.0"] = "ddd" }));
    }
}
