using System.Text;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TreeHeadTests
{
    [Test]
    public void MatchesGoForFiveRecords()
    {
        var stored = new List<TlogHash>();
        for (var i = 0; i < 5; i++)
        {
            var siblings = Tlog.StoredHashesIndexes(i).Select(x => stored[(int)x]).ToArray();
            stored.AddRange(Tlog.StoredHashes(i, Tlog.RecordHash(Encoding.UTF8.GetBytes($"gomodules record {i}\n")), siblings));
        }

        var tree = new TreeHead(5, Tlog.TreeHash(5, Tlog.TreeHashIndexes(5).Select(x => stored[(int)x]).ToArray()));
        Assert.That(tree.Hash.ToString(), Is.EqualTo(GoFacts.FiveRecordTreeHash));
        Assert.That(tree.Format(), Is.EqualTo($"go.sum database tree\n5\n{GoFacts.FiveRecordTreeHash}\n"));
        Assert.That(TreeHead.TryParse(tree.Format(), out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(tree));
        Assert.That(TreeHead.TryParse(tree.Format() + "future line\n", out parsed), Is.True, "extra lines are ignored");
        Assert.That(parsed, Is.EqualTo(tree));
    }

    [TestCase("go.sum database tree\n5\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=")]
    [TestCase("go.sum database tree v2\n5\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n05\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n+5\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n-1\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n99999999999999999999\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    [TestCase("go.sum database tree\n5\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX1=\n")]
    [TestCase("go.sum database tree\n5\nK7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18\n")]
    [TestCase("go.sum database tree\n5\n K7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=\n")]
    public void RejectsMalformedTrees(string text)
    {
        Assert.That(TreeHead.TryParse(text, out _), Is.False);
    }

    [Test]
    public void RecordFraming()
    {
        var framed = TlogRecord.Format(42, "a b c\nd e f\n"u8);
        Assert.That(Encoding.UTF8.GetString(framed), Is.EqualTo("42\na b c\nd e f\n\n"));
        byte[] msg = [.. framed, .. "rest"u8];
        Assert.That(TlogRecord.TryParse(msg, out var id, out var text, out var rest), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(id, Is.EqualTo(42));
            Assert.That(Encoding.UTF8.GetString(msg[text]), Is.EqualTo("a b c\nd e f\n"));
            Assert.That(Encoding.UTF8.GetString(msg[rest..]), Is.EqualTo("rest"));
        });

        Assert.That(TlogRecord.TryParse("+7\nx\n\n"u8, out id, out _, out _), Is.True, "ParseInt accepts a plus sign");
        Assert.That(id, Is.EqualTo(7));
        Assert.That(TlogRecord.TryParse("-7\nx\n\n"u8, out _, out _, out _), Is.False, "no record has a negative id");
        Assert.That(TlogRecord.TryParse("7\nx\n"u8, out _, out _, out _), Is.False, "no blank line");
        Assert.That(TlogRecord.TryParse("7x\nx\n\n"u8, out _, out _, out _), Is.False);
        Assert.That(TlogRecord.TryParse("7\nx\ty\n\n"u8, out _, out _, out _), Is.False, "control character");
        Assert.That(TlogRecord.TryParse("7\n\xff\n\n"u8.ToArray().Select(b => b).ToArray(), out _, out _, out _), Is.True, "the literal is valid UTF-8 (U+00FF)");
        Assert.That(TlogRecord.TryParse(new byte[] { (byte)'7', 10, 0xff, 10, 10 }, out _, out _, out _), Is.False, "invalid UTF-8");
        Assert.Throws<ArgumentException>(() => TlogRecord.Format(1, "no newline"u8));
        Assert.Throws<ArgumentException>(() => TlogRecord.Format(1, "blank\n\nline\n"u8));
    }
}
