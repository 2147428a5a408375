using System.Text.Json;
using GoModules.ModFile;

namespace GoModules.Tests.ModFile;

/// <summary>
/// Compares the parser with the newest golang.org/x/mod's modfile (v0.42.0, from GOMODULES_GOCODE_NEWEST) on the
/// whole corpus: the Go 1.19 inputs, the newer directives and the forms whose meaning changed since Go 1.21.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class GoModFileInteropTests
{
    [Test]
    [CancelAfter(300_000)]
    public void EveryCorpusEntry_IsDescribedAsGoDescribesIt()
    {
        var probe = GoCommand.BuildProbe("modfileprobe");
        var requests = new List<object>();
        var corpus = GoModCorpus.Go119.Concat(GoModCorpus.Newer).Concat(GoModCorpus.SinceGo121).ToArray();
        foreach (var (_, text) in corpus)
        {
            requests.Add(new { text, lax = false });
            requests.Add(new { text, lax = true });
        }

        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), JsonSerializer.Serialize(requests));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var expected = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < corpus.Length; i++)
            {
                var (name, text) = corpus[i];
                foreach (var (mode, k) in new[] { (GoModParseMode.Strict, 0), (GoModParseMode.Lax, 1) })
                {
                    var want = expected[(2 * i) + k];
                    Assert.That(GoModCorpus.Describe(text, mode), Is.EqualTo(want), $"{name} ({mode}): {text}");
                }
            }
        });
    }
}
