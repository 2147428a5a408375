using GoModules.Patterns;

namespace GoModules.Tests.Patterns;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PathPatternTests
{
    [TestCase("corp.example", "corp.example", 1)]
    [TestCase("corp.example/", "corp.example", 1)]
    [TestCase("a//", "a/", 2)]
    [TestCase("github.com/org/*", "github.com/org/*", 3)]
    [TestCase("a[/]b", "a[/]b", 2)]
    public void Create(string glob, string expectedGlob, int elements)
    {
        var pattern = new PathPattern(glob);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pattern.Glob, Is.EqualTo(expectedGlob));
            Assert.That(pattern.ElementCount, Is.EqualTo(elements));
            Assert.That(pattern.IsWellFormed, Is.True);
            Assert.That(pattern.ToString(), Is.EqualTo(expectedGlob));
        }
    }

    [TestCase("a[")]
    [TestCase("[]a]")]
    [TestCase("[a-]")]
    [TestCase("[-a]")]
    [TestCase("[^]")]
    [TestCase("a\\")]
    [TestCase("x*[")]
    [TestCase("[a-\\")]
    public void Malformed_IsKeptAndNeverMatches(string glob)
    {
        var pattern = new PathPattern(glob);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pattern.IsWellFormed, Is.False);
            Assert.That(pattern.Matches(glob), Is.False);
            Assert.That(pattern.Matches("x"), Is.False);
            Assert.That(PathPatternList.Parse(glob).Patterns, Has.Length.EqualTo(1));
        }
    }

    [TestCase("[\\]a]")]
    [TestCase("[^a-c]")]
    [TestCase("\\*")]
    [TestCase("[*]")]
    [TestCase("***")]
    public void WellFormed(string glob) => Assert.That(new PathPattern(glob).IsWellFormed, Is.True);

    [TestCase("")]
    [TestCase("/")]
    public void Create_RejectsEmpty(string glob) => Assert.Throws<ArgumentException>(() => _ = new PathPattern(glob));

    [Test]
    public void Create_RejectsNull() => Assert.Throws<ArgumentNullException>(() => _ = new PathPattern(null!));

    [Test]
    public void Default_NeverMatches()
    {
        var pattern = default(PathPattern);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pattern.Matches(""), Is.False);
            Assert.That(pattern.Glob, Is.Empty);
            Assert.That(pattern.ElementCount, Is.Zero);
            Assert.That(pattern.IsWellFormed, Is.False);
        }
    }

    [Test]
    public void Matches_ComparesLeadingElementsOnly()
    {
        var pattern = new PathPattern("corp.example/*");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pattern.Matches("corp.example/a"), Is.True);
            Assert.That(pattern.Matches("corp.example/a/b/c"), Is.True);
            Assert.That(pattern.Matches("corp.example"), Is.False);
            Assert.That(pattern.MatchesUtf8("corp.example/a/b"u8), Is.True);
        }
    }

    [Test]
    public void Equality_IsOrdinalOnTheGlob()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new PathPattern("a/"), Is.EqualTo(new PathPattern("a")));
            Assert.That(new PathPattern("a") == new PathPattern("a"), Is.True);
            Assert.That(new PathPattern("a") != new PathPattern("A"), Is.True);
            Assert.That(new PathPattern("a").GetHashCode(), Is.EqualTo(new PathPattern("a/").GetHashCode()));
            Assert.That(new PathPattern("a").Equals((object)new PathPattern("a")), Is.True);
        }
    }
}
