using GoModules.Fetching.Internal;

namespace GoModules.Tests.Fetching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyPathsTests
{
    [TestCase("github.com/!azure/x/@v/v1.0.0-!r!c1.info", "github.com/%21azure/x/@v/v1.0.0-%21r%21c1.info")]
    [TestCase("example.com/m/@v/v2.0.0+incompatible.zip", "example.com/m/@v/v2.0.0+incompatible.zip")]
    [TestCase("example.com/a b/@v/list", "example.com/a%20b/@v/list")]
    [TestCase("example.com/~x/@latest", "example.com/~x/@latest")]
    [TestCase("example.com/é/@v/list", "example.com/%C3%A9/@v/list")]
    [TestCase("example.com/a;b,c?d#e/@v/list", "example.com/a%3Bb%2Cc%3Fd%23e/@v/list")]
    public void PathEscapeMatchesGo(string path, string expected) =>
        Assert.That(ProxyPaths.PathEscape(path), Is.EqualTo(expected));

    [TestCase("", "/")]
    [TestCase("/a//b/./c/../d/", "/a/b/d")]
    [TestCase("/../x", "/x")]
    public void CleanRooted(string path, string expected) =>
        Assert.That(ProxyPaths.CleanRooted(path), Is.EqualTo(expected));
}
