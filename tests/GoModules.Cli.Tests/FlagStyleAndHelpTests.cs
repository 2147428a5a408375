using System.Text.RegularExpressions;

namespace GoModules.Cli.Tests;

/// <summary>
/// Issue 16 (also): one flag style, Go's (<c>-name</c>, with <c>--name</c> accepted as Go's flag package accepts it),
/// and <c>gomod help</c>, <c>gomod help &lt;command&gt;</c> and <c>gomod &lt;command&gt; -h</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed partial class FlagStyleAndHelpTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.Commands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<IReadOnlyList<string>> CommandNames()
    {
        var (code, output, _) = await Run("help");
        Assert.That(code, Is.EqualTo(0));
        return CommandLine().Matches(output).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"^\t([a-z]+) {2,}\S", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<![-\w])--[a-z]")]
    private static partial Regex DoubleDashOption();

    [Test]
    public async Task HelpListsEveryCommandAndEachCommandHasItsUsage()
    {
        var names = await CommandNames();
        Assert.That(names, Is.SupersetOf(new[] { "hash", "download", "list", "latest", "info", "mod", "verify", "clean", "zip", "unzip" }));
        foreach (var name in names)
        {
            var (code, usage, _) = await Run("help", name);
            Assert.That(code, Is.EqualTo(0), name);
            Assert.That(usage, Does.StartWith("usage: gomod " + name), name);
            Assert.That(DoubleDashOption().IsMatch(usage), Is.False, "usage of " + name + " spells its options Go's way (one dash): " + usage);
            foreach (var help in new[] { "-h", "-help", "--help" })
            {
                var (hc, hout, _) = await Run(name, help);
                Assert.That((hc, hout), Is.EqualTo((0, usage)), name + " " + help);
            }
        }
    }

    [Test]
    public async Task AnUnknownHelpTopicIsAUsageError()
    {
        var (code, output, err) = await Run("help", "nosuch");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(err, Does.Contain("gomod help nosuch: unknown help topic"));
    }

    [Test]
    public async Task OptionsAreAcceptedWithOneOrTwoDashesAndWithEquals(CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-flags-");
        try
        {
            var goMod = Path.Combine(dir.FullName, "go.mod");
            await File.WriteAllTextAsync(goMod, "module example.com/m\n", ct);
            var results = new List<(int, string, string)>();
            foreach (var spelling in new[] { new[] { "-gomod", goMod }, ["--gomod", goMod], ["-gomod=" + goMod], ["--gomod=" + goMod] })
            {
                results.Add(await Run(["hash", .. spelling]));
            }

            Assert.That(results[0].Item1, Is.EqualTo(0), results[0].Item3);
            Assert.That(results[0].Item2, Does.StartWith("h1:"));
            Assert.That(results, Is.All.EqualTo(results[0]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task FlagsTakeGoBooleanValuesAndGoCompatibleCommandsReadThemEitherWay(CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-flags-");
        try
        {
            var v = Path.Combine(dir.FullName, "example.com", "m", "@v");
            Directory.CreateDirectory(v);
            await File.WriteAllTextAsync(Path.Combine(v, "list"), "v1.0.0\nv1.1.0\n", ct);
            await File.WriteAllTextAsync(Path.Combine(v, "v1.1.0.info"), "{\"Version\":\"v1.1.0\",\"Time\":\"2023-01-01T00:00:00Z\"}", ct);
            await File.WriteAllTextAsync(Path.Combine(v, "v1.1.0.mod"), "module example.com/m\n", ct);
            var proxy = new Uri(dir.FullName + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');

            var single = await Run("list", "-m", "-versions", "-proxy", proxy, "example.com/m");
            var dbl = await Run("list", "--m", "--versions", "--proxy=" + proxy, "example.com/m");
            var explicitTrue = await Run("list", "-m", "-versions=true", "-proxy=" + proxy, "example.com/m");
            Assert.That(single.Code, Is.EqualTo(0), single.Err);
            Assert.That(single.Out, Does.Contain("v1.0.0 v1.1.0"));
            Assert.That(dbl, Is.EqualTo(single));
            Assert.That(explicitTrue, Is.EqualTo(single));

            var json = await Run("list", "-m", "-versions", "-json=false", "-proxy", proxy, "example.com/m");
            Assert.That(json, Is.EqualTo(single), "-json=false leaves the flag off");

            var bad = await Run("list", "-m", "-versions=maybe", "-proxy", proxy, "example.com/m");
            Assert.That(bad.Code, Is.EqualTo(2));
            Assert.That(bad.Err, Does.Contain("invalid boolean value"));
            var triple = await Run("list", "---versions", "example.com/m");
            Assert.That(triple.Code, Is.EqualTo(2));
            Assert.That(triple.Err, Does.Contain("unknown option ---versions"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
