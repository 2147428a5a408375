using System;
using System.Collections.Concurrent;

namespace GoModules.Http.Internal;

/// <summary>Holds the options-change subscriptions of the registered fetchers, disposed with the service provider.</summary>
internal sealed class OptionsChangeSubscriptions : IDisposable
{
    private readonly ConcurrentBag<IDisposable> _subscriptions = [];

    public void Add(IDisposable? subscription)
    {
        if (subscription is not null)
        {
            _subscriptions.Add(subscription);
        }
    }

    public void Dispose()
    {
        while (_subscriptions.TryTake(out var s))
        {
            s.Dispose();
        }
    }
}
