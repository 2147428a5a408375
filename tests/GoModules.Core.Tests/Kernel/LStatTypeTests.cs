using GoModules.Kernel;

namespace GoModules.Tests.Kernel;

/// <summary>
/// The one-call <c>statx</c> the cache's link checks use (issue #18: it replaced FileInfo's lstat, readlink and
/// geteuid for every directory between the cache root and each file written): it must never follow a link.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LStatTypeTests
{
    [Test]
    public void EachKindOfEntryIsTold()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.That(NativeMethods.TryLStatType(Path.GetTempPath()), Is.EqualTo(NativeMethods.LStatType.Unknown));
            return;
        }

        using var temp = new TempDirectory();
        var dir = temp.Sub("dir");
        var file = temp.Combine("file");
        File.WriteAllText(file, "x");
        var linkToDir = temp.Combine("link-to-dir");
        Directory.CreateSymbolicLink(linkToDir, dir);
        var dangling = temp.Combine("dangling");
        File.CreateSymbolicLink(dangling, temp.Combine("nowhere"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NativeMethods.TryLStatType(dir), Is.EqualTo(NativeMethods.LStatType.Directory));
            Assert.That(NativeMethods.TryLStatType(file), Is.EqualTo(NativeMethods.LStatType.Other));
            Assert.That(NativeMethods.TryLStatType(linkToDir), Is.EqualTo(NativeMethods.LStatType.Link), "a link to a directory is a link, not followed");
            Assert.That(NativeMethods.TryLStatType(linkToDir + "/"), Is.EqualTo(NativeMethods.LStatType.Directory), "a trailing slash follows it, as lstat does");
            Assert.That(NativeMethods.TryLStatType(dangling), Is.EqualTo(NativeMethods.LStatType.Link));
            Assert.That(NativeMethods.TryLStatType(temp.Combine("missing")), Is.EqualTo(NativeMethods.LStatType.Missing));
            Assert.That(NativeMethods.TryLStatType(Path.Combine(file, "below")), Is.EqualTo(NativeMethods.LStatType.Missing), "ENOTDIR");
            Assert.That(NativeMethods.TryLStatType(temp.Combine("a\0b")), Is.EqualTo(NativeMethods.LStatType.Unknown));
        }
    }
}
