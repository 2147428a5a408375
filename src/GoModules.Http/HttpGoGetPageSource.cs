using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Direct;
using GoModules.Http.Internal;

namespace GoModules.Http;

/// <summary>
/// Fetches go-get discovery pages (<c>?go-get=1</c>) over HTTP for <see cref="RepositoryRootResolver"/>.
/// Any status is returned to the resolver, which applies the go command's rules. The body is read as it
/// arrives (never buffered whole by the client): reading stops at the end of the document head
/// (<c>&lt;/head&gt;</c> or <c>&lt;body&gt;</c>, where the go command's parser stops) or after
/// <see cref="MaxBodyBytes"/>, whichever comes first, and one page may take at most <see cref="Timeout"/>.
/// </summary>
public sealed class HttpGoGetPageSource : IGoGetPageSource
{
    /// <summary>The number of body bytes read at most.</summary>
    public const int MaxBodyBytes = 4 << 20;

    private readonly Func<HttpMessageInvoker> _invoker;

    /// <summary>Initializes a new instance of the <see cref="HttpGoGetPageSource"/> class over one invoker (an <see cref="HttpClient"/> or a handler).</summary>
    /// <param name="invoker">Sends the requests. Redirects are followed only if its handler follows them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="invoker"/> is <see langword="null"/>.</exception>
    public HttpGoGetPageSource(HttpMessageInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _invoker = () => invoker;
    }

    /// <summary>Initializes a new instance of the <see cref="HttpGoGetPageSource"/> class that asks for a client per request (for <c>IHttpClientFactory</c>).</summary>
    /// <param name="client">Returns the client to send a request with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public HttpGoGetPageSource(Func<HttpClient> client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _invoker = client;
    }

    /// <summary>Gets the longest time one page may take, from sending the request to the last body byte read.</summary>
    /// <value>The default value is 1 minute.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public TimeSpan Timeout
    {
        get => _timeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _timeout = value;
        }
    }

    private readonly TimeSpan _timeout = TimeSpan.FromMinutes(1);

    /// <inheritdoc/>
    public async ValueTask<GoGetPage> GetAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            // Headers first: an HttpClient would otherwise buffer the whole body before we see any of it.
            var invoker = _invoker();
            response = invoker is HttpClient client
                ? await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false)
                : await invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ModuleFetchException(SR.Format(SR.GetFailed, url, ServerText.Sanitize(ex.Message)), ModuleFetchFailure.Transport, null, url.ToString(), null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModuleFetchException(SR.Format(SR.GetFailed, url, SR.Timeout), ModuleFetchFailure.Timeout, null, url.ToString(), null, ex);
        }

        using (response)
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var body = await ReadHeadAsync(stream, deadline.Token).ConfigureAwait(false);
                    return new GoGetPage(response.RequestMessage?.RequestUri ?? url, (int)response.StatusCode, body);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new ModuleFetchException(SR.Format(SR.ReadingFailed, url, ServerText.Sanitize(ex.Message)), ModuleFetchFailure.BodyReadFailed, (int)response.StatusCode, url.ToString(), null, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ModuleFetchException(SR.Format(SR.ReadingFailed, url, SR.Timeout), ModuleFetchFailure.Timeout, (int)response.StatusCode, url.ToString(), null, ex);
            }
        }
    }

    /// <summary>Reads the page as UTF-8 until the head ends, the body starts, the stream ends or <see cref="MaxBodyBytes"/> were read.</summary>
    internal static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var text = new StringBuilder();
        var chunk = new byte[16384];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(chunk.Length)];
        long total = 0;
        var searchFrom = 0;
        while (total < MaxBodyBytes)
        {
            var n = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, MaxBodyBytes - total)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
            var count = decoder.GetChars(chunk, 0, n, chars, 0, flush: false);
            text.Append(chars, 0, count);
            if (EndsHead(text, ref searchFrom))
            {
                return text.ToString();
            }
        }

        var tail = decoder.GetChars([], 0, 0, chars, 0, flush: true);
        text.Append(chars, 0, tail);
        return text.ToString();
    }

    /// <summary>
    /// Reports whether the text read so far holds <c>&lt;/head</c> or <c>&lt;body</c> followed by a character
    /// that ends the tag name, looking only at what was not examined before (so the scan is linear).
    /// </summary>
    private static bool EndsHead(StringBuilder text, ref int searchFrom)
    {
        var i = searchFrom;
        for (; i < text.Length; i++)
        {
            if (text[i] != '<')
            {
                continue;
            }

            var nameStart = i + 1 < text.Length && text[i + 1] == '/' ? i + 2 : i + 1;
            var closing = nameStart == i + 2;
            var expected = closing ? "head" : "body";
            if (nameStart + expected.Length >= text.Length)
            {
                // Not enough text yet to decide: look here again when more arrives.
                break;
            }

            var match = true;
            for (var k = 0; k < expected.Length && match; k++)
            {
                match = char.ToLowerInvariant(text[nameStart + k]) == expected[k];
            }

            var next = text[nameStart + expected.Length];
            if (match && (char.IsWhiteSpace(next) || next is '>' || (!closing && next == '/')))
            {
                return true;
            }
        }

        searchFrom = i;
        return false;
    }
}
