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

    // Security (#13.9): a surrogate code point in a character reference crashed the parser with
    // ArgumentOutOfRangeException; Go's decoder turns it into U+FFFD.
    [Test]
    public void SurrogateCharacterReferenceBecomesTheReplacementCharacter()
    {
        var imports = GoImportMeta.Parse("<meta name=\"go-import\" content=\"a.com/x git https://a.com/&#xD800;&#57343;\">");
        Assert.That(imports.Single().RepositoryRoot, Is.EqualTo("https://a.com/\uFFFD\uFFFD"));
    }

    // Go's encoding/xml with Strict=false and no Entity map (cmd/go/internal/vcs/discovery.go): the five XML
    // entities and numeric references are decoded, everything else stays as written.
    [TestCase("&#x41;&#65;", "AA")]
    [TestCase("&#X41;", "&#X41;")]
    [TestCase("&amp;&lt;&gt;&quot;&apos;", "&<>\"'")]
    [TestCase("&nbsp;&copy;", "&nbsp;&copy;")]
    [TestCase("&amp", "&amp")]
    [TestCase("&&amp;", "&&")]
    [TestCase("&;&#;&#x;", "&;&#;&#x;")]
    [TestCase("&#1114111;", "\U0010FFFF")]
    [TestCase("&#1114112;&#x110000;", "&#1114112;&#x110000;")]
    [TestCase("&#99999999999999999999999999;", "&#99999999999999999999999999;")]
    [TestCase("&#12&amp;", "&#12&")]
    [TestCase("a\r\nb", "a\nb")]
    public void EntitiesAreDecodedAsGoXmlDecoderDoes(string encoded, string decoded)
    {
        Assert.That(GoImportMeta.DecodeCharacterData(encoded, 0, encoded.Length), Is.EqualTo(decoded));
    }

    [Test]
    public void ACharacterXmlForbidsEndsThePageLikeGosSyntaxError()
    {
        var imports = GoImportMeta.Parse("""
            <meta name="go-import" content="a.com/x git https://a">
            <meta name="go-import" content="b.com/y git https://b&#0;">
            <meta name="go-import" content="c.com/z git https://c">
            """);
        Assert.That(imports.Select(i => i.Prefix), Is.EqualTo(new[] { "a.com/x" }));
        Assert.That(GoImportMeta.Parse("<head>\u0001<meta name=\"go-import\" content=\"a.com/x git https://a\">"), Is.Empty);
    }

    // Security (#13.9): a value full of '&' without ';' made the old decoder scan to the end for every '&'
    // (1 Mi characters took about 20 s). Linear decoding takes milliseconds for 4 Mi characters; the old code
    // would take several minutes, so the bound below cannot be met by it.
    [Test]
    public void APageFullOfAmpersandsIsParsedInLinearTime()
    {
        var amps = new string('&', 4 << 20);
        var page = "<meta name=\"go-import\" content=\"a.com/x git https://a/" + amps + "\">" + amps + "#" + amps;
        var parse = Task.Run(() => GoImportMeta.Parse(page));
        Assert.That(parse.Wait(TimeSpan.FromSeconds(60)), Is.True, "parsing did not finish");
        Assert.That(parse.Result.Single().RepositoryRoot, Has.Length.EqualTo("https://a/".Length + amps.Length));
    }

    // Totality: whatever the page holds, parsing and matching never throw.
    [Test]
    public void ParsingIsTotalOverRandomPages()
    {
        string[] pieces =
        [
            "<", ">", "/", "&", "#", "x", ";", "=", "\"", "'", " ", "\r", "\n", "\0", "\uD800", "\uDC00", "\uFFFE", "é", "a", "9",
            "&#xD800;", "&#x110000;", "&#0;", "&amp;", "&#", "<!--", "-->", "<meta", "name=go-import", "name=\"go-import\"",
            "content=\"", "a.com/x git https://a sub", "</head>", "<body>", "<head>", "<?xml", "<!DOCTYPE html>",
        ];
        var random = new Random(1327);
        for (var n = 0; n < 3000; n++)
        {
            var sb = new System.Text.StringBuilder();
            var count = random.Next(0, 60);
            for (var k = 0; k < count; k++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }

            var page = sb.ToString();
            var imports = GoImportMeta.Parse(page);
            _ = GoImportMeta.Match(imports, "a.com/x/y", out _);
        }
    }

    // Go 1.25: a fourth field names the repository subdirectory; three fields as before; other counts are ignored.
    [Test]
    public void AFourthFieldIsTheRepositorySubdirectory()
    {
        var imports = GoImportMeta.Parse("""
            <meta name="go-import" content="a.com/x git https://code.a.com/mono go/x">
            <meta name="go-import" content="a.com/y git https://code.a.com/y">
            <meta name="go-import" content="a.com/z git https://code.a.com/z sub extra">
            """);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(imports, Is.EqualTo(new[] { new GoImport("a.com/x", "git", "https://code.a.com/mono", "go/x"), new GoImport("a.com/y", "git", "https://code.a.com/y") }));
            Assert.That(imports[1].Subdirectory, Is.Empty);
            Assert.That(new GoImport("a.com/x", "git", "https://r", "s"), Is.Not.EqualTo(new GoImport("a.com/x", "git", "https://r")));
        }
    }
}
