using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

#if GOMODULES_HTTP
namespace GoModules.Http.Internal; // compiled into GoModules.Http as shared source
#else
namespace GoModules.Kernel;
#endif

/// <summary>
/// One run of work that several callers wait for. The work gets a token of its own, which is cancelled only when
/// every caller that joined has stopped waiting before the work finished; each caller waits with its own token, so
/// one caller giving up never cancels the work for the others.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The run disposes its token source itself, when the work ends or when it is cancelled.")]
internal sealed class SharedRun<T>
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private CancellationTokenSource? _cancellation = new();
    private int _waiters;
    private bool _abandoned;

    /// <summary>Gets the work's outcome (cancelled once the run was abandoned).</summary>
    public Task<T> Task => _completion.Task;

    /// <summary>Gets a value indicating whether every caller stopped waiting before the work finished.</summary>
    public bool IsAbandoned
    {
        get
        {
            lock (_lock)
            {
                return _abandoned;
            }
        }
    }

    /// <summary>Registers one more waiting caller; false when the run was already abandoned.</summary>
    public bool TryJoin()
    {
        lock (_lock)
        {
            if (_abandoned)
            {
                return false;
            }

            _waiters++;
            return true;
        }
    }

    /// <summary>Starts the work with the run's own token (once, after the first caller joined).</summary>
    public void Start(Func<CancellationToken, Task<T>> work)
    {
        CancellationToken token;
        lock (_lock)
        {
            token = _cancellation?.Token ?? new CancellationToken(canceled: true);
        }

        _ = RunAsync(work, token);
    }

    /// <summary>
    /// Waits, as a caller that joined, for the outcome; stops waiting when <paramref name="cancellationToken"/> is
    /// cancelled. Every joined caller calls this exactly once.
    /// </summary>
    public async Task<T> WaitAsync(CancellationToken cancellationToken)
    {
        bool left = false;
        try
        {
            return await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_completion.Task.IsCompleted)
        {
            // The last caller to leave stops the work and waits for its clean-up (temporary files removed, locks
            // released), so that a canceled caller never returns while the work still changes files.
            left = true;
            if (Leave())
            {
                await ((Task)_completion.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }
        finally
        {
            if (!left)
            {
                Leave();
            }
        }
    }

    // Returns whether this caller's leaving abandoned the run (and canceled the work).
    private bool Leave()
    {
        CancellationTokenSource? cancel = null;
        lock (_lock)
        {
            _waiters--;
            if (_waiters == 0 && !_completion.Task.IsCompleted && _cancellation is not null)
            {
                _abandoned = true;
                cancel = _cancellation;
                _cancellation = null;
            }
        }

        if (cancel is null)
        {
            return false;
        }

        // Nobody waits any more: the work stops, and its own clean-up runs.
        try
        {
            cancel.Cancel();
        }
        finally
        {
            cancel.Dispose();
        }

        return true;
    }

    private async Task RunAsync(Func<CancellationToken, Task<T>> work, CancellationToken token)
    {
        try
        {
            _completion.TrySetResult(await work(token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _completion.TrySetCanceled(token);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(ex);
        }
        finally
        {
            CancellationTokenSource? done;
            lock (_lock)
            {
                done = _cancellation;
                _cancellation = null;
            }

            done?.Dispose();
        }
    }
}
