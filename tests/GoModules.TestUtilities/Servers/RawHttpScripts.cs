using System.Text;

namespace GoModules.TestUtilities.Servers;

/// <summary>Misbehaving answers for <see cref="RawHttpServer"/>, shared by the transport tests and the gomod tests.</summary>
public static class RawHttpScripts
{
    /// <summary>A reason phrase made of terminal escapes (retitles the window, clears the screen) a client must not print raw.</summary>
    public const string EvilReason = "\u001b]0;pwned\u0007\u001b[2J";

    /// <summary>How much filler <see cref="EndlessPage"/> sends at most: 256 MiB.</summary>
    public const long EndlessPageSize = 256L << 20;

    /// <summary>Answers 200 with <paramref name="start"/> and then filler text that never closes the head, up to <see cref="EndlessPageSize"/>.</summary>
    public static Func<RawHttpServer.Exchange, Task> EndlessPage(string start, TaskCompletionSource? finished = null) => async exchange =>
    {
        await exchange.WriteHeadAsync("HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", "Connection: close");
        await exchange.WriteAsync(start);
        var filler = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<meta name=\"description\" content=\"filler\">\n", 1500)));
        long sent = 0;
        while (sent < EndlessPageSize)
        {
            await exchange.WriteAsync(filler);
            sent += filler.Length;
        }

        finished?.TrySetResult();
    };

    /// <summary>An error answer that announces a plain-text explanation and never sends it.</summary>
    public static Func<RawHttpServer.Exchange, Task> ErrorWithoutBody => async exchange =>
    {
        await exchange.WriteHeadAsync("HTTP/1.1 503 Service Unavailable", "Content-Type: text/plain; charset=utf-8", "Content-Length: 1000");
        await exchange.StallAsync(TimeSpan.FromSeconds(170));
    };

    /// <summary>A 200 answer that sends one byte every 100 ms of a 1 MiB body (at most 100 s).</summary>
    public static Func<RawHttpServer.Exchange, Task> Drip => async exchange =>
    {
        await exchange.WriteHeadAsync("HTTP/1.1 200 OK", "Content-Type: application/octet-stream", "Content-Length: 1048576");
        for (var i = 0; i < 1000 && !exchange.Stopping.IsCancellationRequested; i++)
        {
            await exchange.WriteAsync(new byte[] { (byte)'x' });
            await Task.Delay(100, exchange.Stopping);
        }
    };
}
