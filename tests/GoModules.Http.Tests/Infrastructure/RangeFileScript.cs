namespace GoModules.Http.Tests.Infrastructure;

/// <summary>
/// Serves one file the way a range-capable proxy does (Accept-Ranges, ETag/Last-Modified, Range + If-Range → 206 or
/// 200), and drops the connection part-way through the bodies a test names.
/// </summary>
public sealed class RangeFileScript
{
    private readonly object _gate = new();
    private int _requests;

    public RangeFileScript(byte[] content)
    {
        Content = content;
    }

    /// <summary>Gets or sets the bytes of the file.</summary>
    public byte[] Content { get; set; }

    /// <summary>Gets or sets the raw ETag header value (<c>"v1"</c> or <c>W/"v1"</c>), or null for none.</summary>
    public string? ETag { get; set; } = "\"v1\"";

    /// <summary>Gets or sets the raw Last-Modified header value, or null for none.</summary>
    public string? LastModified { get; set; }

    /// <summary>Gets or sets whether <c>Accept-Ranges: bytes</c> is sent and Range honoured.</summary>
    public bool AcceptRanges { get; set; } = true;

    /// <summary>Gets or sets what is added to the first byte announced in a 206's Content-Range (a lying server).</summary>
    public long ContentRangeSkew { get; set; }

    /// <summary>Gets, per request (in order), after how many body bytes the connection drops; requests past the end get all.</summary>
    public List<long> Drops { get; } = new();

    /// <summary>Gets or sets what runs before request number n (0-based) is answered, e.g. to change the file.</summary>
    public Action<int, RangeFileScript>? BeforeAnswer { get; set; }

    /// <summary>Answers one request for the file.</summary>
    public ServerBehavior Answer(IReadOnlyDictionary<string, string> request)
    {
        lock (_gate)
        {
            var n = _requests++;
            BeforeAnswer?.Invoke(n, this);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (ETag is not null)
            {
                headers["ETag"] = ETag;
            }

            if (LastModified is not null)
            {
                headers["Last-Modified"] = LastModified;
            }

            if (AcceptRanges)
            {
                headers["Accept-Ranges"] = "bytes";
            }

            var status = 200;
            long from = 0;
            if (AcceptRanges && request.TryGetValue("Range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
            {
                var validator = request.TryGetValue("If-Range", out var v) ? v : null;
                var strongETag = ETag is not null && !ETag.StartsWith("W/", StringComparison.Ordinal) ? ETag : null;
                if (validator is null || validator == strongETag || (validator == LastModified && ETag is null))
                {
                    from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                    status = 206;
                    headers["Content-Range"] = $"bytes {from + ContentRangeSkew}-{Content.Length - 1}/{Content.Length}";
                }
            }

            var body = Content[(int)from..];
            var drop = n < Drops.Count ? Drops[n] : -1;
            if (drop >= 0 && drop < body.Length)
            {
                return new ServerBehavior { Status = status, Body = body[..(int)drop], Action = "truncate", DeclaredLength = body.Length, Headers = headers, ContentType = "application/zip" };
            }

            return new ServerBehavior { Status = status, Body = body, Headers = headers, ContentType = "application/zip" };
        }
    }
}
