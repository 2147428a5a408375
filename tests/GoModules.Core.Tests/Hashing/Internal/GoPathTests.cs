using GoModules.Hashing.Internal;

namespace GoModules.Tests.Hashing.Internal;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoPathTests
{
    [TestCase("", ".")]
    [TestCase(".", ".")]
    [TestCase("a", "a")]
    [TestCase("a/", "a")]
    [TestCase("a//b", "a/b")]
    [TestCase("./a/./b/.", "a/b")]
    [TestCase("a/b/../c", "a/c")]
    [TestCase("a/../..", "..")]
    [TestCase("../../a", "../../a")]
    [TestCase("/../a", "/a")]
    [TestCase("/", "/")]
    [TestCase("//", "/")]
    [TestCase("a/...", "a/...")]
    [TestCase("m@v1.0.0/", "m@v1.0.0")]
    public void CleanFollowsGoRules(string path, string expected)
        => Assert.That(GoPath.Clean(path), Is.EqualTo(expected));

    [TestCase("", "a/b", "a/b")]
    [TestCase("m@v1", "a", "m@v1/a")]
    [TestCase("m@v1/", "a", "m@v1/a")]
    [TestCase(".", "a", "a")]
    [TestCase("x/..", "a", "a")]
    [TestCase("m", "", "m")]
    public void JoinCleansTheResult(string prefix, string rel, string expected)
        => Assert.That(GoPath.Join(prefix, rel), Is.EqualTo(expected));
}
