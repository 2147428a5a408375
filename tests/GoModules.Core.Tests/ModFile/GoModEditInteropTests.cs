using System.Globalization;
using System.Text.Json;

namespace GoModules.Tests.ModFile;

/// <summary>
/// Random go.mod files and random edit scripts, applied by x/mod v0.42.0's modfile (the probe in
/// TestData/interop/modedit, built once per run in GOPATH mode against the newest go's tree) and by GoModFile's
/// editor: the transcripts (which commands failed, the formatted bytes, the directives after a cleanup) must be equal.
/// A fixed set of seeds runs by default; <c>GOMODULES_MODEDIT_SEEDS=N</c> runs N seeds instead.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class GoModEditInteropTests
{
    private const int DefaultSeeds = 1000;

    [Test]
    [CancelAfter(300_000)]
    public void RandomEdits_FormatByteForByteAsXMod()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("GOMODULES_MODEDIT_SEEDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : DefaultSeeds;
        var cases = new List<(int Seed, string Text, bool Lax, List<string[]> Script)>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var random = new GoModRandom(seed);
            var lax = random.Lax;
            var text = random.File();
            cases.Add((seed, text, lax, random.Script()));
        }

        var probe = GoCommand.BuildProbe("modedit");
        var input = JsonSerializer.Serialize(cases.Select(c => new { text = c.Text, lax = c.Lax, script = c.Script }));
        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), input);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var expected = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.That(expected, Has.Length.EqualTo(cases.Count));

        int agreed = 0, panics = 0, parseErrors = 0, edits = 0;
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (seed, text, lax, script) = cases[i];
            if (expected[i] == "panic")
            {
                // x/mod dereferences a removed requirement when SetRequire* follows a removal without a cleanup.
                panics++;
                continue;
            }

            var actual = GoModEditScript.Run(text, lax, script);
            if (actual == expected[i])
            {
                agreed++;
                edits += script.Count;
                parseErrors += actual == "parse error" ? 1 : 0;
            }
            else if (failures.Count < 5)
            {
                failures.Add($"seed {seed} (lax={lax})\ninput:\n{text}\nscript:\n{string.Join('\n', script.Select(c => JsonSerializer.Serialize(c)))}\nx/mod:\n{expected[i]}\nours:\n{actual}");
            }
        }

        TestContext.Out.WriteLine($"{agreed} of {cases.Count - panics} cases agreed ({edits} edits; {parseErrors} rejected by both parsers); {panics} scripts make x/mod panic and were skipped");
        Assert.That(failures, Is.Empty, string.Join("\n=====\n", failures));
        Assert.That(agreed, Is.GreaterThan(cases.Count / 2), "most scripts must run (too many panics or parse errors)");
    }

    [Test]
    [CancelAfter(300_000)]
    public void CorpusFiles_FormatAsXModFormatsThem()
    {
        var corpus = GoModCorpus.Go119.Concat(GoModCorpus.Newer).Concat(GoModCorpus.SinceGo121).ToArray();
        var cases = corpus.SelectMany(c => new[] { (c.Name, c.Text, Lax: false), (c.Name, c.Text, Lax: true) }).ToArray();
        var probe = GoCommand.BuildProbe("modedit");
        var input = JsonSerializer.Serialize(cases.Select(c => new { text = c.Text, lax = c.Lax, script = Array.Empty<string[]>() }));
        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), input);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var expected = JsonSerializer.Deserialize<string[]>(result.Stdout)!;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var (name, text, lax) = cases[i];
                Assert.That(GoModEditScript.Run(text, lax, []), Is.EqualTo(expected[i]), $"{name} (lax={lax}): {text}");
            }
        });
    }
}
