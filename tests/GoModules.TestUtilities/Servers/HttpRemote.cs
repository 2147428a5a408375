namespace GoModules.TestUtilities.Servers;

/// <summary>A test-only reader of files over plain HTTP (a checksum database, a proxy); the product transport lives in GoModules.Http.</summary>
public sealed class HttpRemote(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new();

    public async ValueTask<byte[]> ReadAsync(string path, int maxLength, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(baseUrl + path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"reading {baseUrl + path}: {(int)response.StatusCode}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > maxLength)
            {
                break;
            }
        }

        return buffer.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
