using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Direct;

namespace GoModules.Http;

/// <summary>
/// Fetches go-get discovery pages (<c>?go-get=1</c>) over HTTP for <see cref="RepositoryRootResolver"/>.
/// Any status is returned to the resolver, which applies the go command's rules; at most
/// <see cref="MaxBodyBytes"/> of the body are read (the go-import tags live in the document head).
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

    /// <inheritdoc/>
    public async ValueTask<GoGetPage> GetAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await _invoker().SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ModuleFetchException("Get \"" + url + "\": " + ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModuleFetchException("Get \"" + url + "\": timeout", ex);
        }

        using (response)
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var buffer = new MemoryStream();
                    var chunk = new byte[16384];
                    int n;
                    while (buffer.Length < MaxBodyBytes && (n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        buffer.Write(chunk, 0, (int)Math.Min(n, MaxBodyBytes - buffer.Length));
                    }

                    var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                    return new GoGetPage(response.RequestMessage?.RequestUri ?? url, (int)response.StatusCode, body);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new ModuleFetchException("reading " + url + ": " + ex.Message, ex);
            }
        }
    }
}
