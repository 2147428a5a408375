using System.Text;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

/// <summary>
/// The transparency-log hashes against the newest golang.org/x/mod's sumdb/tlog (a probe built from
/// GOMODULES_GOCODE_NEWEST): the empty tree's hash (SHA-256 of the empty string since x/mod v0.19) and a few trees.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class TlogProbeInteropTests
{
    [Test]
    [CancelAfter(300_000)]
    public void TreeHashes_MatchTheNewestXMod()
    {
        var probe = GoCommand.BuildProbe("tlogprobe");
        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), null);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());

        var ours = new List<string> { Tlog.TreeHash(0, []).ToString() };
        var stored = new List<TlogHash>();
        for (var i = 0; i < 7; i++)
        {
            var siblings = Tlog.StoredHashesIndexes(i).Select(x => stored[(int)x]).ToArray();
            stored.AddRange(Tlog.StoredHashes(i, Tlog.RecordHash(Encoding.UTF8.GetBytes($"record {i}\n")), siblings));
            var n = i + 1;
            if (n is 1 or 2 or 3 or 7)
            {
                ours.Add(Tlog.TreeHash(n, Tlog.TreeHashIndexes(n).Select(x => stored[(int)x]).ToArray()).ToString());
            }
        }

        Assert.That(ours, Is.EqualTo(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
