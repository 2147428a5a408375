using GoModules.Kernel;

namespace GoModules.Tests.Kernel;

/// <summary>Issue 13 item 13: the shared single-flight primitive and its reference-counted cancellation.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class SingleFlightTests
{
    /// <summary>Work that waits for a gate with the token it is given and reports what happened to that token.</summary>
    private sealed class GatedWork
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Starts;

        public async Task<string> RunAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Starts);
            try
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }

            return key + ":" + Volatile.Read(ref Starts);
        }
    }

    [Test]
    public async Task FirstCallerCancels_SecondCallerStillGetsTheResult()
    {
        var flight = new SingleFlight<string, string>();
        var work = new GatedWork();
        using var first = new CancellationTokenSource();
        var a = flight.RunAsync("k", work.RunAsync, first.Token);
        var b = flight.RunAsync("k", work.RunAsync, CancellationToken.None);
        await first.CancelAsync();

        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(work.Cancelled.Task.IsCompleted, Is.False, "the shared work goes on for the second caller");
        work.Gate.SetResult();
        Assert.That(await b, Is.EqualTo("k:1"));
        Assert.That(work.Starts, Is.EqualTo(1));
    }

    [Test]
    public async Task AllCallersCancel_TheWorkIsCancelled_AndTheNextCallStartsAfresh()
    {
        var flight = new SingleFlight<string, string>();
        var work = new GatedWork();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = flight.RunAsync("k", work.RunAsync, first.Token);
        var b = flight.RunAsync("k", work.RunAsync, second.Token);
        await first.CancelAsync();
        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(work.Cancelled.Task.IsCompleted, Is.False);
        await second.CancelAsync();
        Assert.That(async () => await b, Throws.InstanceOf<OperationCanceledException>());
        await work.Cancelled.Task;

        var fresh = new GatedWork();
        fresh.Gate.SetResult();
        Assert.That(await flight.RunAsync("k", fresh.RunAsync, CancellationToken.None), Is.EqualTo("k:1"));
        Assert.That(fresh.Starts, Is.EqualTo(1));
    }

    [Test]
    public async Task LastCallerToCancel_ReturnsOnlyAfterTheWorksCleanUpEnded()
    {
        var flight = new SingleFlight<string, string>();
        var cleanUpStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseCleanUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cleanedUp = 0;
        using var caller = new CancellationTokenSource();
        var call = flight.RunAsync(
            "k",
            async (_, ct) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                    return "never";
                }
                finally
                {
                    // A slow clean-up, like removing a temporary zip: the canceled caller must wait for it.
                    cleanUpStarted.TrySetResult();
                    await releaseCleanUp.Task;
                    Volatile.Write(ref cleanedUp, 1);
                }
            },
            caller.Token);
        await caller.CancelAsync();
        await cleanUpStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.That(call.IsCompleted, Is.False, "the caller waits while the clean-up runs");
        releaseCleanUp.SetResult();
        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Volatile.Read(ref cleanedUp), Is.EqualTo(1));
    }

    [Test]
    public async Task Successes_AreMemoized_FailuresAreForgotten()
    {
        var flight = new SingleFlight<string, int>();
        var calls = 0;
        Task<int> Fail(string k, CancellationToken ct) { calls++; throw new InvalidOperationException("boom"); }
        Task<int> Succeed(string k, CancellationToken ct) { calls++; return Task.FromResult(calls); }

        Assert.That(async () => await flight.RunAsync("k", Fail, CancellationToken.None), Throws.InvalidOperationException);
        Assert.That(await flight.RunAsync("k", Succeed, CancellationToken.None), Is.EqualTo(2));
        Assert.That(await flight.RunAsync("k", Succeed, CancellationToken.None), Is.EqualTo(2), "memoized");
        flight.ForgetCompleted("k");
        Assert.That(await flight.RunAsync("k", Succeed, CancellationToken.None), Is.EqualTo(3));

        var transient = new SingleFlight<string, int>(keepResults: false);
        Assert.That(await transient.RunAsync("k", Succeed, CancellationToken.None), Is.EqualTo(4));
        Assert.That(await transient.RunAsync("k", Succeed, CancellationToken.None), Is.EqualTo(5));
    }

    [Test]
    public void AnAlreadyCancelledCaller_StartsNothing()
    {
        var flight = new SingleFlight<string, string>();
        var work = new GatedWork();
        Assert.That(async () => await flight.RunAsync("k", work.RunAsync, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(work.Starts, Is.Zero);
    }
}
