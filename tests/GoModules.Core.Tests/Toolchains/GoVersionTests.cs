using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoVersionTests
{
    // Each row: x, y, sign of Compare(x, y) (facts of Go's internal/gover).
    [TestCase("", "", 0)]
    [TestCase("x", "x", 0)]
    [TestCase("", "x", 0)]
    [TestCase("1", "1.1", -1)]
    [TestCase("1.5", "1.6", -1)]
    [TestCase("1.5", "1.10", -1)]
    [TestCase("1.6", "1.6.1", -1)]
    [TestCase("1.19", "1.19.0", 0)]
    [TestCase("1.19rc1", "1.19", -1)]
    [TestCase("1.20", "1.20.0", 0)]
    [TestCase("1.20rc1", "1.20", -1)]
    [TestCase("1.21", "1.21.0", -1)]
    [TestCase("1.21", "1.21rc1", -1)]
    [TestCase("1.21rc1", "1.21.0", -1)]
    [TestCase("1.21beta1", "1.21rc1", -1)]
    [TestCase("1.21alpha1", "1.21beta1", -1)]
    [TestCase("1.21rc1", "1.21rc2", -1)]
    [TestCase("1.21rc9", "1.21rc10", -1)]
    [TestCase("1.21rc", "1.21rc1", -1)]
    [TestCase("1.6", "1.19", -1)]
    [TestCase("1.19", "1.19.1", -1)]
    [TestCase("1.19rc1", "1.19.1", -1)]
    [TestCase("1.21.0", "1.21.1", -1)]
    [TestCase("1.21.9", "1.21.10", -1)]
    [TestCase("1.99999999999999998", "1.99999999999999999", -1)]
    [TestCase("1.21", "1.22", -1)]
    [TestCase("1.22", "1.21.99", 1)]
    [TestCase("2", "1.99", 1)]
    [TestCase("1.0", "1", 0)]
    [TestCase("1.21.1rc1", "1.21.0", -1)] // invalid (pre-release on a patch) is lowest
    [TestCase("01.21", "1.0", -1)] // leading zero: invalid
    public void Compare(string x, string y, int sign)
    {
        Assert.That(Math.Sign(GoVersion.Compare(x, y)), Is.EqualTo(sign), $"{x} vs {y}");
        Assert.That(Math.Sign(GoVersion.Compare(y, x)), Is.EqualTo(-sign), $"{y} vs {x}");
        Assert.That(Math.Sign(GoVersion.Comparer.Compare(x, y)), Is.EqualTo(sign));
    }

    [Test]
    public void SortsLikeTheGoCommand()
    {
        string[] versions = ["1.21.0", "1.21rc1", "1.21", "1.20.3", "1.20", "1.21beta2", "1.9", "1.22.0", "1.21.10", "1.21.2"];
        Array.Sort(versions, GoVersion.Comparer);
        Assert.That(versions, Is.EqualTo(new[] { "1.9", "1.20", "1.20.3", "1.21", "1.21beta2", "1.21rc1", "1.21.0", "1.21.2", "1.21.10", "1.22.0" }));
    }

    [TestCase("1", true)]
    [TestCase("1.21", true)]
    [TestCase("1.21.0", true)]
    [TestCase("1.21rc1", true)]
    [TestCase("1.21rc", true)]
    [TestCase("1.2x", true)]
    [TestCase("1.21.", false)]
    [TestCase("1.21.0rc1", false)]
    [TestCase("1.21RC1", false)]
    [TestCase("1.21rc01", false)]
    [TestCase("1.021", false)]
    [TestCase("v1.21", false)]
    [TestCase("go1.21", false)]
    [TestCase("1.21-x", false)]
    [TestCase("", false)]
    public void IsValid(string v, bool valid) => Assert.That(GoVersion.IsValid(v), Is.EqualTo(valid));

    [TestCase("1.21", true)]
    [TestCase("1.20", false)] // before 1.21 the missing patch is .0
    [TestCase("1", false)]
    [TestCase("1.22", true)]
    [TestCase("1.21.0", false)]
    [TestCase("1.21rc1", false)]
    [TestCase("junk", false)]
    public void IsLanguageVersion(string v, bool lang) => Assert.That(GoVersion.IsLanguageVersion(v), Is.EqualTo(lang));

    [TestCase("1.21.3", "1.21")]
    [TestCase("1.21rc2", "1.21")]
    [TestCase("1.0", "1")]
    [TestCase("1", "1")]
    [TestCase("1.19", "1.19")]
    public void Language(string v, string lang) => Assert.That(GoVersion.Language(v), Is.EqualTo(lang));

    [TestCase("go1.21.3", "1.21.3")]
    [TestCase("go1.21rc1", "1.21rc1")]
    [TestCase("go1.21.3-custom", "1.21.3")]
    [TestCase("go1.21.3 X:boringcrypto", "1.21.3")]
    [TestCase("go1.21.3\tX", "1.21.3")]
    [TestCase("go1.2x", "1.2x")]
    [TestCase("gccgo-go1.21", "")]
    [TestCase("1.21.3", "")]
    [TestCase("go1.21/x", "")]
    [TestCase("go1.21\\x", "")]
    [TestCase("go", "")]
    [TestCase("gox", "")]
    [TestCase("local", "")]
    public void FromToolchain(string name, string version) => Assert.That(GoVersion.FromToolchain(name), Is.EqualTo(version));

    [Test]
    public void MaxAndPrerelease()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoVersion.Max("1.21", "1.21rc1"), Is.EqualTo("1.21rc1"));
            Assert.That(GoVersion.Max("1.20", "1.20.0"), Is.EqualTo("1.20"), "equal: the first");
            Assert.That(GoVersion.IsPrerelease("1.21rc1"), Is.True);
            Assert.That(GoVersion.IsPrerelease("1.21.0"), Is.False);
        });
    }
}
