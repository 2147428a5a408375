using System.Text;
using GoModules.Patterns;

namespace GoModules.Tests.Patterns;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PathPatternListTests
{
    [TestCase("", new string[0])]
    [TestCase(",,corp.example,", new[] { "corp.example" })]
    [TestCase("a//,b/,/", new[] { "a/", "b" })]
    [TestCase(" corp.example , x", new[] { " corp.example ", " x" })]
    [TestCase("a[,*.b", new[] { "a[", "*.b" })]
    public void Parse_Entries(string globs, string[] expected)
    {
        var list = PathPatternList.Parse(globs);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Patterns.Select(p => p.Glob), Is.EqualTo(expected));
            Assert.That(list.IsEmpty, Is.EqualTo(expected.Length == 0));
            Assert.That(list.Text, Is.EqualTo(globs));
            Assert.That(list.ToString(), Is.EqualTo(globs));
        }
    }

    [Test]
    public void Parse_NullIsEmpty()
    {
        Assert.That(PathPatternList.Parse(null), Is.SameAs(PathPatternList.Empty));
        Assert.That(PathPatternList.Empty.Matches("anything"), Is.False);
    }

    // Whole leading elements, as GOPRIVATE users rely on.
    [TestCase("corp.example", "corp.example", true)]
    [TestCase("corp.example", "corp.example/x/y", true)]
    [TestCase("corp.example/priv", "corp.example/private/x", false)]
    [TestCase("corp.example/priv", "corp.example/priv", true)]
    [TestCase("corp.example/a/b", "corp.example/a", false)]
    [TestCase("*.corp.example", "git.corp.example/x", true)]
    [TestCase("*.corp.example", "corp.example/x", false)]
    [TestCase("corp.example/*/p", "corp.example/anything/p/more", true)]
    [TestCase("127.0.0.*", "127.0.0.2/corp/private", true)]
    [TestCase("Corp.Example", "corp.example", false)]
    [TestCase(" corp.example", "corp.example", false)]
    [TestCase("corp.example/", "corp.example/x", true)]
    [TestCase("corp.example//", "corp.example/x", false)]
    [TestCase("corp.example//", "corp.example//x", true)]
    [TestCase("a[/]b", "a/b/c", true)]
    [TestCase("*", "", true)]
    [TestCase("*", "/", true)]
    [TestCase("?", "", false)]
    [TestCase("a[", "a[", false)]
    [TestCase("a\\", "a\\", false)]
    [TestCase("[\\]a]", "]", true)]
    [TestCase("[!a]", "!", true)]
    [TestCase("[^a]", "b/x", true)]
    [TestCase("none", "corp.example", false)]
    public void Matches(string globs, string path, bool expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PathPatternList.Parse(globs).Matches(path), Is.EqualTo(expected), "parsed");
            Assert.That(PathPatternList.MatchPrefixPatterns(globs, path), Is.EqualTo(expected), "static");
        }
    }

    [Test]
    public void Matches_WorksOnUtf8BytesAsGoDoes()
    {
        // A star that has to move on advances one byte at a time, so it can stop inside '€'
        // (3 bytes); each remaining byte is then one invalid rune for '?'.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PathPatternList.MatchPrefixPatterns("*??", "€"), Is.True);
            Assert.That(PathPatternList.MatchPrefixPatterns("*???", "€"), Is.False);
            Assert.That(PathPatternList.MatchPrefixPatterns("*[^é]", "é"), Is.True);
            Assert.That(PathPatternList.MatchPrefixPatterns("?", "😀"), Is.True, "one rune, two UTF-16 units");
            Assert.That(PathPatternList.MatchPrefixPatterns("[😀-😂]", "😁"), Is.True);
            Assert.That(PathPatternList.MatchPrefixPatternsUtf8("?"u8, [0xff]), Is.True, "an invalid byte is one rune");
            Assert.That(PathPatternList.MatchPrefixPatternsUtf8([0xff], [0xff]), Is.True, "literal bytes compare as bytes");
            Assert.That(PathPatternList.MatchPrefixPatternsUtf8([(byte)'[', 0xff, (byte)']'], [0xff]), Is.False, "invalid UTF-8 in a class is a syntax error");
            Assert.That(PathPatternList.MatchPrefixPatterns("?", "\ud800"), Is.True, "a lone surrogate is U+FFFD");
            Assert.That(PathPatternList.MatchPrefixPatterns("\ufffd", "\ud800"), Is.True);
        }
    }

    [Test]
    public void Matches_LongPaths()
    {
        var longPath = "corp.example/" + new string('x', 5000) + "/é";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PathPatternList.Parse("corp.example/*/é").Matches(longPath), Is.True);
            Assert.That(PathPatternList.Parse("other.example").Matches(longPath), Is.False);
            Assert.That(PathPatternList.MatchPrefixPatterns(new string('y', 300) + ",corp.example", longPath), Is.True);
        }
    }

    [Test]
    public void Matches_DoesNotAllocate()
    {
        var list = PathPatternList.Parse("*.corp.example,github.com/acme-internal,gitlab.example.com/team/*,rsc.io/private");
        const string hit = "github.com/acme-internal/tools/v2";
        const string miss = "golang.org/x/text";
        list.Matches(hit);
        list.Matches(miss);
        PathPatternList.MatchPrefixPatterns(list.Text, miss);
        list.Patterns[1].Matches(hit); // the first call caches its static lambda's delegate (88 bytes, once)

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 100; i++)
        {
            hits += list.Matches(hit) ? 1 : 0;
            hits += list.Matches(miss) ? 1 : 0;
            hits += PathPatternList.MatchPrefixPatterns(list.Text, miss) ? 1 : 0;
            hits += list.Patterns[1].Matches(hit) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hits, Is.EqualTo(200));
            Assert.That(allocated, Is.Zero);
        }
    }

    [Test]
    public void Matches_ModulePath()
    {
        var list = PathPatternList.Parse("*.corp.example");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Matches(ModulePath.Parse("git.corp.example/tools").Value), Is.True);
            Assert.That(list.Matches(ModulePath.Parse("golang.org/x/text").Value), Is.False);
            Assert.That(list.Patterns[0].Matches(ModulePath.Parse("git.corp.example/tools").Value), Is.True);
            Assert.That(PathPatternList.Parse("*").Matches(default(ModulePath).Value), Is.True, "default is the empty path");
        }
    }

    [Test]
    public void Utf8AndUtf16AgreeOnValidText()
    {
        var list = PathPatternList.Parse("*.corp.example,github.com/org/*");
        foreach (var path in new[] { "git.corp.example", "github.com/org/x/y", "github.com/other", "" })
        {
            Assert.That(list.MatchesUtf8(Encoding.UTF8.GetBytes(path)), Is.EqualTo(list.Matches(path)), path);
        }
    }
}
