using GoModules.Fetching;
using GoModules.Kernel;

namespace GoModules.Tests.Fetching;

/// <summary>
/// GOPROXY parsing. The recorded <c>c-</c> scenarios of fallback-scenarios.json (real go 1.19.8 runs) are
/// replayed against the parser, not over HTTP: the parsed list must explain the requests the go command
/// made (which servers, in which order, where the walk stopped) and how the run ended.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyChainTests
{
    /// <summary>
    /// What the recorded runs show about the list, written out per scenario: each entry as
    /// <c>url,</c> (falls back on not-found) or <c>url|</c> (on any error), or a keyword; null for a
    /// list the go command rejected.
    /// </summary>
    private static readonly Dictionary<string, string[]?> ExpectedEntries = new(StringComparer.Ordinal)
    {
        // No request at all; the error is "module lookup disabled by GOPROXY=off".
        ["c-off"] = ["off"],

        // "direct" ends the list: A is never contacted and direct's failure is reported.
        ["c-direct-first"] = ["direct"],

        // Blank and empty elements vanish: A then B, each falling back on not-found only.
        ["c-whitespace-empty"] = ["{A},", "{B},"],

        // Only a separator: "GOPROXY list is not the empty string, but contains no entries".
        ["c-only-comma"] = null,

        // A bare host:port becomes an https:// URL; the TLS handshake with the plain-HTTP server fails.
        ["c-bare-host"] = ["https://{A_HOSTPORT},"],

        // The path and its trailing slash are kept; requests go to /some/prefix/<module>/@v/...
        ["c-path-prefix"] = ["{A}/some/prefix/,"],

        // A file:// proxy is served without HTTP requests.
        ["c-file-proxy"] = ["file://{FILEPROXY},"],

        // No built-in bypass for golang.org/x: the configured proxy is asked.
        ["c-golang-org-x-via-proxy"] = ["{A},"],
    };

    public static IEnumerable<TestCaseData> ParsingScenarios()
        => FallbackScenario.Load("c-").Select(s => new TestCaseData(s).SetName(s.Id));

    [TestCaseSource(nameof(ParsingScenarios))]
    public void Scenario(FallbackScenario scenario)
    {
        var env = GoEnvironment.FromVariablesCore(scenario.Environment, null, HostPlatform.Unix);
        var id = scenario.Id;
        using (Assert.EnterMultipleScope())
        {
            if (ExpectedEntries.TryGetValue(id, out var expected))
            {
                if (expected is null)
                {
                    Assert.That(ChainOf(env), Is.Null, $"{id}: GOPROXY={env.GoProxy} must be rejected");
                }
                else
                {
                    Assert.That(ChainOf(env), Is.Not.Null, $"{id}: GOPROXY={env.GoProxy}: {ProxyChainError(env)?.Message}");
                    Assert.That(Describe(ChainOf(env)), Is.EqualTo(expected.Select(scenario.Expand).ToArray()), $"{id}: GOPROXY={env.GoProxy}");
                }
            }

            CheckAgainstRecording(scenario, env);
        }
    }

    [Test]
    public void EveryWrittenExpectationNamesARecordedScenario()
    {
        var recorded = FallbackScenario.Load("c-").Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.That(ExpectedEntries.Keys.Where(k => !recorded.Contains(k)), Is.Empty);
    }

    /// <summary>Checks derived mechanically from <c>expected</c>; they apply to any scenario of the format.</summary>
    private static void CheckAgainstRecording(FallbackScenario s, GoEnvironment env)
    {
        var id = s.Id;
        var requests = s.Requests;
        if (s.ErrorClass is "goproxy_empty_list" or "goproxy_bad_url")
        {
            Assert.That(ChainOf(env), Is.Null, $"{id}: the go command rejected GOPROXY={env.GoProxy}");
            Assert.That(ProxyChainError(env), Is.Not.Null, $"{id}: an error must explain the rejection");
            Assert.That(ProxyChainError(env)?.Entry is null, Is.EqualTo(s.ErrorClass == "goproxy_empty_list"), $"{id}: {ProxyChainError(env)?.Message}");
            Assert.That(() => ProxyChain.FromEnvironment(env), Throws.TypeOf<InvalidProxyListException>(), $"{id}: GetProxyChain");
            Assert.That(requests, Is.Empty, $"{id}: an invalid GOPROXY fails before any request");
            return;
        }

        Assert.That(ProxyChainError(env), Is.Null, $"{id}: GOPROXY={env.GoProxy} was accepted by the go command: {ProxyChainError(env)?.Message}");
        var chain = ChainOf(env);
        if (chain is null)
        {
            return;
        }

        CheckShape(id, chain, env);

        // The HTTP servers a walk visits, in order. file:// entries answer without HTTP and are
        // transparent here; a GONOPROXY module never reaches a proxy URL.
        var isPrivate = chain.NoProxy.Matches(s.Module);
        var walk = isPrivate
            ? []
            : chain.Entries.Where(e => e.Kind == ProxyChainEntryKind.Url)
                .Select(e => (Entry: e, Server: ServerOf(s, e)))
                .Where(p => p.Server is not null)
                .ToList();

        // Fetching one exact version walks the list once per file, from the first entry. Queries
        // (latest, list, go get) fetch a file only from the entry that answered the query, so for them
        // only the order of the entries is checked.
        var exactDownload = s.Command.GetProperty("kind").GetString() == "download"
            && System.Text.RegularExpressions.Regex.IsMatch(s.Command.GetProperty("version").GetString()!, @"^v[0-9]+\.[0-9]+\.[0-9]+$");
        foreach (var group in requests.Where(r => !r.Path.StartsWith("/sumdb/", StringComparison.Ordinal)).GroupBy(r => r.Path, StringComparer.Ordinal))
        {
            var path = group.Key;
            // Servers no entry points at are reached through redirects or direct-mode discovery.
            var servers = group.Select(r => r.Server).Where(name => walk.Any(w => w.Server == name)).ToList();
            var position = 0;
            for (var k = 0; k < servers.Count; k++)
            {
                var server = servers[k];
                var index = walk.FindIndex(w => w.Server == server);
                if (!exactDownload && index >= 0)
                {
                    Assert.That(index, Is.GreaterThanOrEqualTo(position).Or.EqualTo(0), $"{id}: {server} was asked for {path} out of list order");
                    position = index + 1;
                    continue;
                }

                if (position < walk.Count && walk[position].Server == server)
                {
                    position++;
                }
                else if (walk.Count > 0 && walk[0].Server == server)
                {
                    position = 1;
                }
                else
                {
                    Assert.Fail($"{id}: {server} was asked for {path}, but it is not the next entry of a walk over [{string.Join(", ", walk.Select(w => w.Server))}]");
                    break;
                }

                var entry = walk[position - 1].Entry;
                var status = s.StatusFor(server, path);
                var notFound = status is 404 or 410;
                var hardError = status is null || (status is not 200 && !notFound);
                var moreEntries = position < walk.Count;
                var continued = k + 1 < servers.Count && moreEntries && walk[position].Server == servers[k + 1];
                if (continued && !notFound)
                {
                    Assert.That(entry.FallBack, Is.EqualTo(ProxyFallback.OnAnyError), $"{id}: the walk went on after {server} answered {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without HTTP"} for {path}, which only '|' allows");
                }

                if (!continued && moreEntries && notFound)
                {
                    Assert.Fail($"{id}: {server} answered {status} for {path}, so the walk must go on to {walk[position].Server}");
                }

                if (!continued && moreEntries && hardError)
                {
                    Assert.That(entry.FallBack, Is.EqualTo(ProxyFallback.OnNotFound), $"{id}: the walk stopped after {server} failed for {path}, which only ',' explains");
                }
            }
        }

        var last = chain.Entries[^1];
        foreach (var who in s.ReportedBy)
        {
            switch (who)
            {
                case "off":
                    Assert.That(last.Kind, Is.EqualTo(ProxyChainEntryKind.Off), $"{id}: 'off' reported the error, so the list ends with off");
                    break;
                case "direct":
                    Assert.That(last.Kind == ProxyChainEntryKind.Direct || (isPrivate && chain.Entries[0].Kind == ProxyChainEntryKind.NoProxy), Is.True, $"{id}: a direct fetch reported the error");
                    break;
                default:
                    Assert.That(walk.Any(w => w.Server == who), Is.True, $"{id}: server {who} reported the error, so an entry must point at it");
                    break;
            }
        }

        if (requests.Count == 0 && !isPrivate && s.ReportedBy.Count > 0 && s.ReportedBy[0] is "off" or "direct")
        {
            Assert.That(walk, Is.Empty, $"{id}: no server was asked before {s.ReportedBy[0]}, so no proxy URL comes first");
        }

        if (s.Succeeded && requests.Count == 0)
        {
            Assert.That(chain.Entries.Any(e => e.Kind == ProxyChainEntryKind.Url && e.Url!.StartsWith("file:", StringComparison.OrdinalIgnoreCase)), Is.True, $"{id}: success without HTTP needs a file:// proxy");
        }

        if (s.ErrorClass == "tls_to_plain_http")
        {
            var reporter = s.ReportedBy.Count > 0 ? walk.FirstOrDefault(w => w.Server == s.ReportedBy[0]) : default;
            Assert.That(reporter.Entry.Url, Does.StartWith("https://"), $"{id}: a TLS failure against a plain-HTTP server means https:// was used");
        }
    }

    /// <summary>Invariants of every parsed list.</summary>
    private static void CheckShape(string id, ProxyChain chain, GoEnvironment env)
    {
        var entries = chain.Entries;
        Assert.That(entries.Count(e => e.Kind != ProxyChainEntryKind.NoProxy), Is.GreaterThan(0), $"{id}: a list has entries");
        var expectNoProxy = env.GoNoProxy.Length > 0 && env.GoProxy != "direct";
        Assert.That(entries[0].Kind == ProxyChainEntryKind.NoProxy, Is.EqualTo(expectNoProxy), $"{id}: implicit noproxy entry (GONOPROXY={env.GoNoProxy})");
        for (var i = 0; i < entries.Length; i++)
        {
            var kind = entries[i].Kind;
            if (kind is ProxyChainEntryKind.Direct or ProxyChainEntryKind.Off)
            {
                Assert.That(i, Is.EqualTo(entries.Length - 1), $"{id}: {kind} ends the list");
            }

            if (kind == ProxyChainEntryKind.NoProxy)
            {
                Assert.That(i, Is.Zero, $"{id}: noproxy comes first");
            }
        }
    }

    /// <summary>The scenario server an entry points at, if any.</summary>
    private static string? ServerOf(FallbackScenario s, ProxyChainEntry entry)
    {
        var url = entry.Url!;
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at > scheme && scheme > 0)
        {
            // Credentials in the URL do not change which server it points at.
            url = url[..(scheme + 3)] + url[(at + 1)..];
        }

        foreach (var (name, baseUrl) in s.ServerUrls)
        {
            var hostPort = baseUrl["http://".Length..];
            foreach (var candidate in new[] { baseUrl, "https://" + hostPort })
            {
                if (url == candidate || url.StartsWith(candidate + "/", StringComparison.OrdinalIgnoreCase))
                {
                    return name;
                }
            }
        }

        return null;
    }

    internal static string[] Describe(ProxyChain? chain)
        => chain is null ? [] : [.. chain.Entries.Select(e => e.Kind == ProxyChainEntryKind.Url
            ? e.Url + (e.FallBack == ProxyFallback.OnAnyError ? "|" : ",")
            : e.ToString())];

    // ----- Rules of spec §2 that the recordings do not cover, in our own cases. -----

    [TestCase("https://a.example,https://b.example", new[] { "https://a.example,", "https://b.example," })]
    [TestCase("https://a.example|https://b.example,https://c.example", new[] { "https://a.example|", "https://b.example,", "https://c.example," })]
    [TestCase("https://a.example|", new[] { "https://a.example|" })]
    [TestCase("https://a.example,off,https://b.example", new[] { "https://a.example,", "off" })]
    [TestCase("https://a.example|direct|https://b.example", new[] { "https://a.example|", "direct" })]
    [TestCase("off,ftp://ignored.example", new[] { "off" })]
    [TestCase("direct,not a url at all", new[] { "direct" })]
    [TestCase("\t https://a.example \u00a0, \u3000https://b.example", new[] { "https://a.example,", "https://b.example," })]
    [TestCase(" | , | https://a.example", new[] { "https://a.example," })]
    public void Parse_SplitsTrimsAndStops(string goProxy, string[] expected)
        => Assert.That(Describe(ProxyChain.Parse(goProxy)), Is.EqualTo(expected));

    [TestCase("proxy.example.com", "https://proxy.example.com")]
    [TestCase("127.0.0.1:8080", "https://127.0.0.1:8080")]
    [TestCase("host/path", "https://host/path")]
    [TestCase("proxy.example.com/prefix/", "https://proxy.example.com/prefix/")]
    [TestCase("http://proxy.example", "http://proxy.example")]
    [TestCase("HTTPS://Proxy.Example", "HTTPS://Proxy.Example")]
    [TestCase("file:///srv/proxy", "file:///srv/proxy")]
    [TestCase("FILE:///srv/proxy", "FILE:///srv/proxy")]
    [TestCase("file://", "file://")]
    [TestCase("file:", "https://file:")]
    [TestCase("http://", "http://")]
    [TestCase("https://proxy.example#", "https://proxy.example#")]
    [TestCase("https://[::1]:3000/p", "https://[::1]:3000/p")]
    [TestCase("https://user:pw@proxy.example", "https://user:pw@proxy.example")]
    public void Parse_AcceptsUrl(string entry, string expectedUrl)
    {
        var chain = ProxyChain.Parse(entry);
        Assert.That(chain.Entries.Single().Url, Is.EqualTo(expectedUrl));
    }

    [TestCase("myproxy", "missing scheme")]
    [TestCase("/srv/proxy", "missing scheme")]
    [TestCase("ftp://proxy.example", "scheme must be https, http or file")]
    [TestCase("mailto:x", "invalid port \":x\" after host")]
    [TestCase("file:/srv/proxy", "file:// URL with non-path elements")]
    [TestCase("file://host/srv/proxy", "file:// URL with non-path elements")]
    [TestCase("file:///srv/proxy?", "file:// URL with non-path elements")]
    [TestCase("file:///srv/proxy?x=1", "file:// URL with non-path elements")]
    [TestCase("file:///srv/proxy#top", "file:// URL with non-path elements")]
    [TestCase("file://user@/srv/proxy", "file:// URL with non-path elements")]
    [TestCase(":/proxy", "missing protocol scheme")]
    [TestCase("1.2.3.4:/x", "first path segment in URL cannot contain colon")]
    [TestCase("https://a b.example", "invalid character \" \" in host name")]
    [TestCase("https://a\u0001b.example", "net/url: invalid control character in URL")]
    [TestCase("https://[::1", "missing ']' in host")]
    [TestCase("https://proxy.example:80x", "invalid port \":80x\" after host")]
    [TestCase("https://%zz.example", "invalid URL escape \"%zz\"")]
    [TestCase("https://proxy.example/%zz", "invalid URL escape \"%zz\"")]
    [TestCase("https://proxy.example/#%zz", "invalid URL escape \"%zz\"")]
    [TestCase("https://us er@proxy.example", "net/url: invalid userinfo")]
    public void Parse_RejectsUrl(string entry, string reason)
    {
        var ex = Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("https://ok.example," + entry));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Reason, Is.EqualTo(reason));
            Assert.That(ex.Entry, Is.Not.Null);
            Assert.That(ex.ProxyList, Is.EqualTo("https://ok.example," + entry));
            Assert.That(ex, Is.InstanceOf<FormatException>());
            Assert.That(ProxyChain.TryParse("https://ok.example," + entry, out var chain), Is.False);
            Assert.That(chain, Is.Null);
        }
    }

    [Test]
    public void Parse_BadEntryFailsTheWholeListEvenAfterAGoodOne()
    {
        var ex = Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("https://good.example|myproxy"));
        Assert.That(ex.Message, Is.EqualTo("invalid proxy URL missing scheme: myproxy"));
    }

    [TestCase(",")]
    [TestCase(" ")]
    [TestCase("|")]
    [TestCase(" ,\t| ,")]
    public void Parse_ListWithoutEntries(string goProxy)
    {
        var ex = Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse(goProxy, "corp.example"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Message, Is.EqualTo("GOPROXY list is not the empty string, but contains no entries"));
            Assert.That(ex.Entry, Is.Null);
        }
    }

    [Test]
    public void Parse_EmptyMeansTheDefault()
    {
        var chain = ProxyChain.Parse("");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(chain.GoProxy, Is.EqualTo(ProxyChain.DefaultGoProxy));
            Assert.That(Describe(chain), Is.EqualTo(new[] { "https://proxy.golang.org,", "direct" }));
        }
    }

    [TestCase("https://a.example", "corp.example", true)]
    [TestCase("https://a.example", ",", true)]
    [TestCase("https://a.example", "", false)]
    [TestCase("https://a.example", null, false)]
    [TestCase("direct", "corp.example", false)]
    [TestCase(" direct", "corp.example", true)]
    [TestCase("off", "corp.example", true)]
    [TestCase("", "corp.example", true)]
    public void Parse_ImplicitNoProxyEntry(string goProxy, string? goNoProxy, bool expected)
    {
        var chain = ProxyChain.Parse(goProxy, goNoProxy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(chain.Entries[0].Kind == ProxyChainEntryKind.NoProxy, Is.EqualTo(expected));
            Assert.That(chain.Entries.Count(e => e.Kind == ProxyChainEntryKind.NoProxy), Is.EqualTo(expected ? 1 : 0));
            Assert.That(chain.GoNoProxy, Is.EqualTo(goNoProxy ?? ""));
        }
    }

    [Test]
    public void NoProxyEntry_FallsBackOnNotFoundOnly()
    {
        var entry = ProxyChain.Parse("https://a.example", "corp.example").Entries[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(ProxyChainEntryKind.NoProxy));
            Assert.That(entry.FallBack, Is.EqualTo(ProxyFallback.OnNotFound));
            Assert.That(entry.Url, Is.Null);
            Assert.That(entry.ToString(), Is.EqualTo("noproxy"));
        }
    }

    [Test]
    public void NoProxyPatterns_ComeWithTheChain()
    {
        var chain = ProxyChain.Parse("https://a.example", "*.corp.example,github.com/org");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(chain.NoProxy.Matches("git.corp.example/x"), Is.True);
            Assert.That(chain.NoProxy.Matches("github.com/org/repo"), Is.True);
            Assert.That(chain.NoProxy.Matches("github.com/other/repo"), Is.False);
        }
    }

    [Test]
    public void KeywordsAreExactAndLowerCase()
    {
        // "Off" and "DIRECT" are not keywords: single words without '.', ':' or '/' are not URLs either.
        Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("Off"));
        Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("DIRECT"));
        Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("noproxy"));
    }

    [Test]
    public void ShouldFallBack_FollowsTheSeparator()
    {
        var entries = ProxyChain.Parse("https://a.example,https://b.example|https://c.example").Entries;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries[0].ShouldFallBack(isNotFound: true), Is.True);
            Assert.That(entries[0].ShouldFallBack(isNotFound: false), Is.False);
            Assert.That(entries[1].ShouldFallBack(isNotFound: true), Is.True);
            Assert.That(entries[1].ShouldFallBack(isNotFound: false), Is.True);
        }
    }

    [Test]
    public void Messages_RedactPasswords()
    {
        var ex = Assert.Throws<InvalidProxyListException>(() => ProxyChain.Parse("ftp://alice:s3cret@proxy.example"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Message, Does.Not.Contain("s3cret"));
            Assert.That(ex.Message, Does.Contain("alice:xxxxx@proxy.example"));
            Assert.That(ex.Entry, Does.Not.Contain("s3cret"));
        }
    }

    [TestCase(@"C:\srv\proxy")]
    [TestCase(@"\\server.example\share\proxy")]
    public void WindowsAbsolutePathsGetNoHttpsPrefix(string path)
    {
        Assert.That(ProxyChain.TryParseCore(path, null, HostPlatform.Windows, out _, out var onWindows), Is.False);
        Assert.That(onWindows!.Entry, Is.EqualTo(path), "on Windows the path stays as written (and is rejected)");
        Assert.That(ProxyChain.TryParseCore(path, null, HostPlatform.Unix, out _, out var onUnix), Is.False);
        Assert.That(onUnix!.Entry, Is.EqualTo("https://" + path), "elsewhere it is taken for a host");
    }

    [Test]
    public void Entries_Equality()
    {
        var a = ProxyChain.Parse("https://a.example|direct").Entries;
        var b = ProxyChain.Parse("https://a.example|direct").Entries;
        var c = ProxyChain.Parse("https://a.example,direct").Entries;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a[0], Is.EqualTo(b[0]));
            Assert.That(a[0] == b[0], Is.True);
            Assert.That(a[0].GetHashCode(), Is.EqualTo(b[0].GetHashCode()));
            Assert.That(a[0] != c[0], Is.True);
            Assert.That(a[1], Is.EqualTo(c[1]));
            Assert.That(default(ProxyChainEntry).Kind, Is.EqualTo((ProxyChainEntryKind)0));
            Assert.That(default(ProxyChainEntry).ToString(), Is.Empty);
        }
    }

    [Test]
    public void Arguments()
    {
        Assert.Throws<ArgumentNullException>(() => ProxyChain.Parse(null!));
        Assert.That(ProxyChain.TryParse(null, out var chain), Is.False);
        Assert.That(chain, Is.Null);
        Assert.That(ProxyChain.TryParse("https://a.example", out chain), Is.True);
        Assert.That(chain!.ToString(), Is.EqualTo("https://a.example"));
    }

    private static ProxyChain? ChainOf(GoEnvironment env) => ProxyChain.TryFromEnvironment(env, out var chain, out _) ? chain : null;

    private static InvalidProxyListException? ProxyChainError(GoEnvironment env) => ProxyChain.TryFromEnvironment(env, out _, out var error) ? null : error;
}
