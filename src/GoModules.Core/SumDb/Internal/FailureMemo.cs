using System;
using System.Runtime.ExceptionServices;

namespace GoModules.SumDb.Internal;

/// <summary>A remembered failure, reported again until it expires.</summary>
internal sealed class FailureMemo(ExceptionDispatchInfo failure, long expiresAt)
{
    public ExceptionDispatchInfo Failure { get; } = failure;

    public bool IsLive(TimeProvider clock) => clock.GetTimestamp() < expiresAt;

    public static FailureMemo? Remember(Exception ex, TimeSpan retention, TimeProvider clock)
    {
        if (retention <= TimeSpan.Zero || ex is OperationCanceledException)
        {
            return null;
        }

        var ticks = (long)(retention.TotalSeconds * clock.TimestampFrequency);
        return new FailureMemo(ExceptionDispatchInfo.Capture(ex), clock.GetTimestamp() + ticks);
    }
}
