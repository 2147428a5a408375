using GoModules.Fetching;

namespace GoModules.Tests.Fetching;

/// <summary>An in-memory proxy: answers per relative path and records every request in a shared log.</summary>
internal sealed class FakeProxy : IModuleProxyTransport
{
    private readonly Dictionary<string, Func<FakeAnswer>> _files = new(StringComparer.Ordinal);
    private readonly List<string> _log;

    public FakeProxy(string name, List<string> log, Func<FakeAnswer>? fallback = null)
    {
        Name = name;
        _log = log;
        Fallback = fallback ?? (() => FakeAnswer.Status(404));
    }

    public string Name { get; }

    public Func<FakeAnswer> Fallback { get; set; }

    public string RedactedBaseUrl => "https://" + Name.ToLowerInvariant() + ".example";

    public FakeProxy Serve(string path, string body) => Serve(path, () => FakeAnswer.Ok(body));

    public FakeProxy Serve(string path, Func<FakeAnswer> answer)
    {
        _files[path] = answer;
        return this;
    }

    public FakeProxy Status(string path, int status) => Serve(path, () => FakeAnswer.Status(status));

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        var ms = new MemoryStream();
        await CopyToAsync(path, ms, maxBytes, null, cancellationToken);
        return ms.ToArray();
    }

    public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        lock (_log)
        {
            _log.Add(Name + " " + path);
        }

        var answer = _files.TryGetValue(path, out var f) ? f() : Fallback();
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, cancellationToken);
        }

        var url = RedactedBaseUrl + "/" + path;
        if (answer.StatusCode is 404 or 410)
        {
            throw new ModuleNotFoundException($"reading {url}: {answer.StatusCode} Not Found", ModuleFetchFailure.HttpStatus, answer.StatusCode, url, null, null);
        }

        if (answer.StatusCode != 200)
        {
            throw new ModuleFetchException($"reading {url}: {answer.StatusCode} Error", ModuleFetchFailure.HttpStatus, answer.StatusCode, url, null, null);
        }

        var bytes = answer.Body;
        var n = (int)Math.Min(bytes.Length, maxBytes + 1);
        var cut = answer.FailAfter is { } k && k < n ? k : n;
        await destination.WriteAsync(bytes.AsMemory(0, cut), cancellationToken);
        progress?.Report(cut);
        if (cut < n)
        {
            throw new ModuleFetchException($"read {url}: unexpected EOF", ModuleFetchFailure.TruncatedBody, 200, url, null, null);
        }

        return n;
    }
}
