using System.Text;
using GoModules.Direct;

namespace GoModules.Http.Tests.Bounds;

/// <summary>
/// Security (#13.8): a go-get page is read while it streams, at most <see cref="HttpGoGetPageSource.MaxBodyBytes"/>
/// and no further than the end of the document head. Before, HttpClient buffered the whole body first (a 600 MiB
/// page took 827 MB of memory), so these servers got to send everything they had.
/// </summary>
[TestFixture]
public sealed class GoGetPageStreamingTests
{
    private static async Task<string> ClientLeftOrServerFinished(RawHttpServer server, TaskCompletionSource finished)
    {
        var first = await Task.WhenAny(server.ClientLeft.Task, finished.Task).WaitAsync(TimeSpan.FromMinutes(2));
        return first == server.ClientLeft.Task ? "client left" : "server sent everything";
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task AnEndlessPageIsReadOnlyUpToTheCap(CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawHttpServer(RawHttpScripts.EndlessPage("<html><head>\n", finished));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var page = await new HttpGoGetPageSource(client).GetAsync(new Uri(server.BaseUrl + "/m?go-get=1"), cancellationToken);

        Assert.That(Encoding.UTF8.GetByteCount(page.Body), Is.LessThanOrEqualTo(HttpGoGetPageSource.MaxBodyBytes));
        Assert.That(await ClientLeftOrServerFinished(server, finished), Is.EqualTo("client left"));
        Assert.That(server.BytesSent, Is.LessThan(64L << 20), "the page was not read while it streamed");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task ReadingStopsAtTheEndOfTheHead(CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string Head = "<html><head><meta name=\"go-import\" content=\"example.test/m git https://example.test/m.git\"></HEAD >\n";
        await using var server = new RawHttpServer(RawHttpScripts.EndlessPage(Head, finished));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var page = await new HttpGoGetPageSource(client).GetAsync(new Uri(server.BaseUrl + "/m?go-get=1"), cancellationToken);

        Assert.That(GoImportMeta.Parse(page.Body).Single().Prefix, Is.EqualTo("example.test/m"));
        Assert.That(page.Body, Has.Length.LessThan(1 << 20), "reading went on past </head>");
        Assert.That(await ClientLeftOrServerFinished(server, finished), Is.EqualTo("client left"));
    }

    [TestCase("<html><head><meta x>\n</head>", true)]
    [TestCase("<html><BODY class=x>", true)]
    [TestCase("<html><body>", true)]
    [TestCase("<html><head></header><bodyguard></body>", false)]
    [TestCase("<html><head></head", false)]
    public async Task TheHeadEndsWhereGosParserStops(string text, bool ends)
    {
        // A stream that would fail if read past the text shows where reading stops.
        using var stream = new ThenFail(Encoding.UTF8.GetBytes(text));
        if (ends)
        {
            var read = await HttpGoGetPageSource.ReadHeadAsync(stream, CancellationToken.None);
            Assert.That(text, Does.StartWith(read));
        }
        else
        {
            Assert.ThrowsAsync<IOException>(async () => await HttpGoGetPageSource.ReadHeadAsync(stream, CancellationToken.None));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task APageThatNeverEndsItsHeadersOrBodyHitsThePageDeadline(CancellationToken cancellationToken)
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.WriteHeadAsync("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: 100000");
            await exchange.WriteAsync("<html>");
            await exchange.StallAsync(TimeSpan.FromSeconds(50));
        });
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var source = new HttpGoGetPageSource(client) { Timeout = TimeSpan.FromSeconds(1) };
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await source.GetAsync(new Uri(server.BaseUrl + "/m?go-get=1"), cancellationToken));
        Assert.That(ex!.Message, Does.EndWith(": timeout"));
    }

    /// <summary>Returns its bytes in small reads, then fails: reading further than the bytes is an error.</summary>
    private sealed class ThenFail(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= data.Length)
            {
                throw new IOException("read past the end of the head");
            }

            var n = Math.Min(Math.Min(count, 5), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
