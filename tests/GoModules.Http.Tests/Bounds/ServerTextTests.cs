using GoModules.Direct;
using GoModules.Direct.Internal;
using GoModules.Kernel;

namespace GoModules.Http.Tests.Bounds;

/// <summary>
/// Security (#13.12): text a server controls is escaped before it reaches an exception message, a log or a
/// terminal. Before, a reason phrase such as <c>ESC]0;…BEL ESC[2J</c> reached the terminal verbatim.
/// </summary>
[TestFixture]
public sealed class ServerTextTests
{
    // Plain assertions rather than test cases: test names with control characters are not selectable by filters.
    [Test]
    public void UnsafeCharactersAreEscaped()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ServerText.Sanitize("plain text, naïve — 日本語 🙂"), Is.EqualTo("plain text, naïve — 日本語 🙂"));
            Assert.That(ServerText.Sanitize("\u001b[2J\u0007"), Is.EqualTo("\\x1b[2J\\x07"));
            Assert.That(ServerText.Sanitize("a\rb\nc\td"), Is.EqualTo("a\\rb\\nc\\td"));
            Assert.That(ServerText.Sanitize("\u009b31m\u202eevil\u2028"), Is.EqualTo("\\u009b31m\\u202eevil\\u2028"));
            Assert.That(ServerText.Sanitize(null), Is.Empty);
        }
    }

    [Test]
    public void ALoneSurrogateIsEscaped()
    {
        Assert.That(ServerText.Sanitize("lone " + (char)0xD800 + " surrogate"), Is.EqualTo("lone \\ud800 surrogate"));
    }

    [Test]
    public void LineBreaksMayBeKept()
    {
        Assert.That(ServerText.Sanitize("one\n\ttwo\r\u001b", keepLineBreaks: true), Is.EqualTo("one\n\ttwo\\r\\x1b"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AReasonPhraseAndABodyWithEscapesAreEscapedInTheError(CancellationToken cancellationToken)
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            const string Body = "try again\rFAKE: all good\n";
            await exchange.WriteHeadAsync("HTTP/1.1 500 " + RawHttpScripts.EvilReason, "Content-Type: text/plain", "Content-Length: " + Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await exchange.WriteAsync(Body);
        });
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        var transport = ResponseDeadlineTests.Transport(server, ResponseDeadlineTests.SmallTimeouts(), client);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await transport.ReadAsync("example.com/m/@v/list", 1 << 20, cancellationToken));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Message.IndexOfAny(['\u001b', '\u0007', '\r']), Is.EqualTo(-1), ex.Message);
            Assert.That(ex.Message, Is.EqualTo("reading " + server.BaseUrl + "/example.com/m/@v/list: 500 \\x1b]0;pwned\\x07\\x1b[2J\n\tserver response: try again\\rFAKE: all good"));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AVersionInAnInfoAnswerIsEscapedInTheError(CancellationToken cancellationToken)
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            const string Json = "{\"Version\":\"v1.0.1\\u001b[2J\",\"Time\":\"2024-01-01T00:00:00Z\"}";
            await exchange.WriteHeadAsync("HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: " + Json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await exchange.WriteAsync(Json);
        });
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        GoModules.Http.GoModulesServiceCollectionExtensions.Configure(GoModules.Http.GoModulesServiceCollectionExtensions.AddGoModules(services), o =>
        {
            o.UseEnvironment = false;
            o.GoProxy = server.BaseUrl;
        });
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var fetcher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<GoModules.Fetching.IModuleFetcher>(provider);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/m"), "v1.0.0"), cancellationToken));
        Assert.That(ex!.Message, Does.Contain("proxy returned info for version v1.0.1\\x1b[2J instead of requested version"));
    }

    [Test]
    public void GoImportContentIsEscapedInResolverErrors()
    {
        // C1 controls and bidirectional overrides are legal XML characters, so they survive the meta parser.
        var pages = new Pages("<meta name=\"go-import\" content=\"evil.example/&#x9b;2J&#x202e; git https://x\">");
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Is.EqualTo("unrecognized import path \"corp.example/m\": parse https://corp.example/m?go-get=1: no go-import meta tags (meta tag evil.example/\\u009b2J\\u202e did not match import path corp.example/m)"));
    }

    [Test]
    public void GitStandardErrorIsEscaped()
    {
        var ex = new GitCommandException("git ls-remote -q origin", 128, "remote: \u001b]0;pwned\u0007\nfatal: no\n", null);
        Assert.That(ex.Message, Is.EqualTo("git ls-remote -q origin: remote: \\x1b]0;pwned\\x07\nfatal: no"));
    }

    private sealed class Pages(string body) : IGoGetPageSource
    {
        public ValueTask<GoGetPage> GetAsync(Uri url, CancellationToken cancellationToken = default) => ValueTask.FromResult(new GoGetPage(url, 200, body));
    }
}
