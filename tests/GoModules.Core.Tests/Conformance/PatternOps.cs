using GoModules.Patterns;

namespace GoModules.Tests.Conformance;

/// <summary>Checks the <c>match_prefix</c> vectors (x/mod <c>module.MatchPrefixPatterns</c>).</summary>
public static class PatternOps
{
    [ConformanceOp("match_prefix")]
    public static void MatchPrefix(ConformanceVector v)
    {
        var expected = Json.Bool(v.Expect, "match");
        var globsBytes = Json.Bytes(v.Input, "globs")!;
        var targetBytes = Json.Bytes(v.Input, "target")!;
        var what = $"{v.Id}: MatchPrefixPatterns({Json.Str(v.Input, "globs") ?? "<b64>"}, {Json.Str(v.Input, "target") ?? "<b64>"})";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PathPatternList.MatchPrefixPatternsUtf8(globsBytes, targetBytes), Is.EqualTo(expected), what + " [utf8 static]");

            if (!Json.HasB64(v.Input, "globs") && !Json.HasB64(v.Input, "target"))
            {
                var globs = Json.Str(v.Input, "globs")!;
                var target = Json.Str(v.Input, "target")!;
                var list = PathPatternList.Parse(globs);
                Assert.That(PathPatternList.MatchPrefixPatterns(globs, target), Is.EqualTo(expected), what + " [static]");
                Assert.That(list.Matches(target), Is.EqualTo(expected), what + " [parsed list]");
                Assert.That(list.MatchesUtf8(targetBytes), Is.EqualTo(expected), what + " [parsed list, utf8]");

                var anyPattern = false;
                foreach (var pattern in list.Patterns)
                {
                    anyPattern |= pattern.Matches(target);
                }

                Assert.That(anyPattern, Is.EqualTo(expected), what + " [patterns one by one]");
            }
        }
    }
}
