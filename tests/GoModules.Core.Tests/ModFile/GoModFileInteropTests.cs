using System.Text.Json;
using GoModules.ModFile;
using GoModules.Tests.Interop;

namespace GoModules.Tests.ModFile;

/// <summary>Compares the parser with golang.org/x/mod v0.7.0's modfile on the Go 1.19 corpus.</summary>
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
        foreach (var (_, text) in GoModCorpus.Go119)
        {
            requests.Add(new { text, lax = false });
            requests.Add(new { text, lax = true });
        }

        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), JsonSerializer.Serialize(requests));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var expected = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < GoModCorpus.Go119.Length; i++)
            {
                var (name, text) = GoModCorpus.Go119[i];
                foreach (var (mode, k) in new[] { (GoModParseMode.Strict, 0), (GoModParseMode.Lax, 1) })
                {
                    var want = expected[(2 * i) + k];
                    Assert.That(GoModCorpus.Describe(text, mode), Is.EqualTo(want), $"{name} ({mode}): {text}");
                }
            }
        });
    }
}
