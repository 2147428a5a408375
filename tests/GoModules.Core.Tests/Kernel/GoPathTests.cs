
using GoModules.Kernel;

namespace GoModules.Tests.Kernel;

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

    // GoFilePath.Clean shares GoPath's element loop. Before they shared it, its ".." kept the separator in front of the
    // removed element, so "a/b/../c" came out as "a//c" (GOROOT, GOMODCACHE and the other path settings go through it).
    [TestCase("a/b/../c", false, "a/c")]
    [TestCase("/x/y/../../z/..", false, "/")]
    [TestCase("a\\b\\..\\c", true, "a\\c")]
    [TestCase("C:\\a\\b\\..\\..\\c", true, "C:\\c")]
    [TestCase("C:", true, "C:.")]
    public void FilePathCleanDropsTheSeparatorWithTheElement(string path, bool windows, string expected)
        => Assert.That(GoFilePath.Clean(path, windows ? HostPlatform.Windows : HostPlatform.Unix), Is.EqualTo(expected));
}
