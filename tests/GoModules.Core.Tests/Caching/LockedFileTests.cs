using System.Diagnostics;
using GoModules.Kernel;

namespace GoModules.Tests.Caching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LockedFileTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task ExclusiveLock_WaitsForTheHolder_SharedLocksCoexist()
    {
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "x.lock");
        var first = await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, CancellationToken.None);
        var second = LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.That(second.IsCompleted, Is.False, "a second exclusive lock must wait");
        first.Dispose();
        using (await second)
        {
        }

        using var r1 = await LockedFile.OpenReadAsync(path, CancellationToken.None);
        using var r2 = await LockedFile.OpenReadAsync(path, CancellationToken.None);
        Assert.That(File.Exists(path), Is.True);
        Assert.That(new FileInfo(path).Length, Is.Zero, "lock files stay empty");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task WaitingForALock_CanBeCanceled()
    {
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "x.lock");
        using var held = await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.That(async () => await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task LockHeldByAnotherProcessWithFlock_IsRespected()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock"))
        {
            Assert.Ignore("needs flock(1)");
        }

        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "x.lock");
        File.WriteAllText(path, "");
        var psi = new ProcessStartInfo("/usr/bin/flock", ["-x", path, "-c", "echo locked; sleep 0.5"]) { RedirectStandardOutput = true };
        using var holder = Process.Start(psi)!;
        Assert.That(await holder.StandardOutput.ReadLineAsync(), Is.EqualTo("locked"));
        var clock = Stopwatch.StartNew();
        using (await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, CancellationToken.None))
        {
            Assert.That(clock.ElapsedMilliseconds, Is.GreaterThan(200), "we waited for the other process's flock");
        }

        await holder.WaitForExitAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Replace_TruncatesExtendsAndWrites()
    {
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "list");
        File.WriteAllText(path, "a much longer previous content\n");
        using (var f = await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, CancellationToken.None))
        {
            f.Replace("v1.0.0\n"u8);
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo("v1.0.0\n"));
        Assert.ThrowsAsync<FileNotFoundException>(async () => await LockedFile.OpenReadAsync(Path.Combine(tmp.Path, "missing"), CancellationToken.None));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task VersionList_Rewrite_ListsModFilesOnly_AndKeepsAnUnchangedFile()
    {
        using var tmp = new TempDirectory();
        var dir = tmp.Sub("@v");
        foreach (var name in new[] { "v1.10.0.mod", "v1.2.0.mod", "v1.2.0.info", "v1.0.0-!r!c1.mod", "v1.3.0.zip" })
        {
            File.WriteAllText(Path.Combine(dir, name), "");
        }

        await VersionList.RewriteAsync(dir, CancellationToken.None);
        var list = Path.Combine(dir, "list");
        Assert.That(File.ReadAllText(list), Is.EqualTo("v1.2.0\nv1.10.0\n"));
        var before = File.GetLastWriteTimeUtc(list);
        File.SetLastWriteTimeUtc(list, before.AddHours(-1));
        await VersionList.RewriteAsync(dir, CancellationToken.None);
        Assert.That(File.GetLastWriteTimeUtc(list), Is.EqualTo(before.AddHours(-1)), "identical content is not rewritten");
    }
}
