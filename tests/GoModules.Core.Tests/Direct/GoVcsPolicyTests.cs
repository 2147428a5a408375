using GoModules.Direct;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class GoVcsPolicyTests
{
    [Test]
    public void DefaultAllowsGitAndHgForPublicAndEverythingForPrivate()
    {
        var p = GoVcsPolicy.Default;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.Allows("example.com/x", false, "git"), Is.True);
            Assert.That(p.Allows("example.com/x", false, "hg"), Is.True);
            Assert.That(p.Allows("example.com/x", false, "svn"), Is.False);
            Assert.That(p.Allows("example.com/x", true, "svn"), Is.True);
        }
    }

    [Test]
    public void FirstMatchingRuleDecides()
    {
        var p = GoVcsPolicy.Parse("example.com:off, *.corp.com:svn|git, public:all");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.Allows("example.com/x", true, "git"), Is.False, "off allows nothing");
            Assert.That(p.Allows("src.corp.com/x", false, "svn"), Is.True);
            Assert.That(p.Allows("src.corp.com/x", false, "hg"), Is.False);
            Assert.That(p.Allows("other.org/x", false, "bzr"), Is.True);
        }
    }

    [TestCase(",", "empty entry in GOVCS")]
    [TestCase("a.com", "malformed entry in GOVCS (missing colon): \"a.com\"")]
    [TestCase(":git", "empty pattern in GOVCS: \":git\"")]
    [TestCase("a.com:", "empty VCS list in GOVCS: \"a.com:\"")]
    [TestCase("./x:git", "relative pattern not allowed in GOVCS: \"./x\"")]
    [TestCase("a.com:git,a.com:hg", "unreachable pattern in GOVCS: \"a.com:hg\" after \"a.com:git\"")]
    [TestCase("a.com:git||hg", "empty VCS name in GOVCS: \"a.com:git||hg\"")]
    public void MalformedValuesAreRejected(string text, string message)
    {
        var ex = Assert.Throws<GoVcsFormatException>(() => GoVcsPolicy.Parse(text));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void DisallowedMessageMatchesGo()
    {
        Assert.That(GoVcsPolicy.DisallowedMessage("a.com/x", false, "svn"), Is.EqualTo("GOVCS disallows using svn for public a.com/x; see 'go help vcs'"));
    }
}
