using System.Text;
using GoModules.Kernel.Hashing;

namespace GoModules.Tests.Kernel.Hashing;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class Utf8OrderTests
{
    [Test]
    public void OrdersLikeTheUtf8Bytes()
    {
        // Characters from the places where UTF-16 and UTF-8 orders differ: below, inside and above the
        // surrogate range, and supplementary characters.
        char[] pool = ['a', 'z', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uff21', '\uffff'];
        string[] supplementary = ["\U00010000", "\U00010400", "\U0001F600", "\U0010FFFF"];
        var random = new Random(7);
        var strings = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 5);
            for (var k = 0; k < length; k++)
            {
                if (random.Next(3) == 0)
                {
                    sb.Append(supplementary[random.Next(supplementary.Length)]);
                }
                else
                {
                    sb.Append(pool[random.Next(pool.Length)]);
                }
            }

            strings.Add(sb.ToString());
        }

        var byUtf8 = strings.OrderBy(s => Encoding.UTF8.GetBytes(s), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        var byComparer = strings.Order(Utf8Order.Instance).ToList();
        Assert.That(byComparer, Is.EqualTo(byUtf8));
    }

    [Test]
    public void PrefixSortsFirstAndNullsAreHandled()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Utf8Order.Instance.Compare("ab", "abc"), Is.Negative);
            Assert.That(Utf8Order.Instance.Compare("abc", "abc"), Is.Zero);
            Assert.That(Utf8Order.Instance.Compare(null, "a"), Is.Negative);
            Assert.That(Utf8Order.Instance.Compare("\uff21", "\U00010400"), Is.Negative);
        });
    }
}
