using GoModules.Direct.Internal;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class MirrorLockTests
{
    [Test]
    public async Task SecondHolderWaitsUntilTheFirstReleases()
    {
        using var temp = new TempDirectory();
        var dir = Path.Combine(temp.Path, "mirror");
        var first = await MirrorLock.AcquireAsync(dir, CancellationToken.None);
        var second = MirrorLock.AcquireAsync(dir, CancellationToken.None);
        await Task.Delay(200);
        Assert.That(second.IsCompleted, Is.False);
        first.Dispose();
        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(acquired, Is.Not.Null);
    }

    [Test]
    public async Task WaitingCanBeCanceled()
    {
        using var temp = new TempDirectory();
        var dir = Path.Combine(temp.Path, "mirror");
        using var first = await MirrorLock.AcquireAsync(dir, CancellationToken.None);
        using var cts = new CancellationTokenSource(200);
        Assert.CatchAsync<OperationCanceledException>(async () => await MirrorLock.AcquireAsync(dir, cts.Token));
    }
}
