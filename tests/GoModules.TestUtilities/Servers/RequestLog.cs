namespace GoModules.TestUtilities.Servers;

/// <summary>The requests of several servers in arrival order.</summary>
public sealed class RequestLog
{
    private readonly List<RecordedRequest> _requests = new();

    public void Add(RecordedRequest r)
    {
        lock (_requests)
        {
            _requests.Add(r);
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_requests)
        {
            return _requests.ToArray();
        }
    }
}
