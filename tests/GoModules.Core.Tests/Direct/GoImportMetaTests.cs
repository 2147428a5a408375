using GoModules.Direct;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class GoImportMetaTests
{
    [Test]
    public void ReadsTagsFromTheHeadOnly()
    {
        const string html = """
            <!DOCTYPE html>
            <html><head>
            <!-- <meta name="go-import" content="commented.example/x git https://no"> -->
            <META NAME="go-import" CONTENT="example.com/x git https://code.example/x.git">
            <meta name="go-import" content="too few">
            <meta name='go-source' content='example.com/x _ _ _'>
            </head><body>
            <meta name="go-import" content="example.com/y git https://late">
            </body></html>
            """;
        var imports = GoImportMeta.Parse(html);
        Assert.That(imports, Is.EqualTo(new[] { new GoImport("example.com/x", "git", "https://code.example/x.git") }));
    }

    [Test]
    public void StopsAtBodyEvenWithoutHead()
    {
        var imports = GoImportMeta.Parse("<html><meta name=go-import content=\"a.com/b git https://a.com/b\"><body><meta name=go-import content=\"c.com/d git https://c\">");
        Assert.That(imports.Select(i => i.Prefix), Is.EqualTo(new[] { "a.com/b" }));
    }

    [Test]
    public void ModTagsComeFirstAndHideVcsTagsForTheSamePrefix()
    {
        var imports = GoImportMeta.Parse("""
            <meta name="go-import" content="a.com/m git https://a.com/m.git">
            <meta name="go-import" content="a.com/m mod https://proxy.a.com">
            <meta name="go-import" content="a.com/n git https://a.com/n.git">
            """);
        Assert.That(imports.Select(i => i.Vcs + " " + i.Prefix), Is.EqualTo(new[] { "mod a.com/m", "git a.com/n" }));
    }

    [Test]
    public void DecodesEntitiesInAttributes()
    {
        var imports = GoImportMeta.Parse("<meta name=\"go-import\" content=\"a.com/x git https://a.com/x?a=1&amp;b=2\">");
        Assert.That(imports[0].RepositoryRoot, Is.EqualTo("https://a.com/x?a=1&b=2"));
    }

    [Test]
    public void MatchUsesPathPrefixes()
    {
        var imports = new[] { new GoImport("a.com/x", "git", "https://a"), new GoImport("a.com/xy", "git", "https://b") };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(GoImportMeta.Match(imports, "a.com/x/sub", out _)?.RepositoryRoot, Is.EqualTo("https://a"));
            Assert.That(GoImportMeta.Match(imports, "a.com/xy", out _)?.RepositoryRoot, Is.EqualTo("https://b"));
            Assert.That(GoImportMeta.Match(imports, "a.com/z", out var error), Is.Null);
            Assert.That(error, Is.EqualTo("meta tag a.com/x did not match import path a.com/z, meta tag a.com/xy did not match import path a.com/z"));
        }
    }

    [Test]
    public void MultipleMatchesAreAnErrorUnlessModComesFirst()
    {
        var twoGit = new[] { new GoImport("a.com", "git", "https://a"), new GoImport("a.com/x", "git", "https://b") };
        Assert.That(GoImportMeta.Match(twoGit, "a.com/x", out var error), Is.Null);
        Assert.That(error, Does.StartWith("multiple meta tags match import path"));

        var modFirst = new[] { new GoImport("a.com", "mod", "https://p"), new GoImport("a.com/x", "git", "https://b") };
        Assert.That(GoImportMeta.Match(modFirst, "a.com/x", out _)?.Vcs, Is.EqualTo("mod"));
    }
}
