namespace GoModules.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoStringsTests
{
    [TestCase("abc", "\"abc\"")]
    [TestCase("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [TestCase("tab\tnl\n\u001b", "\"tab\\tnl\\n\\x1b\"")]
    [TestCase("héllo 日本", "\"héllo 日本\"")]
    [TestCase("nbsp\u00a0", "\"nbsp\\u00a0\"")]
    public void Quote_IsGoStrconvQuote(string text, string quoted) => Assert.That(GoStrings.Quote(text), Is.EqualTo(quoted));

    [Test]
    public void Quote_RefusesNull() => Assert.That(() => GoStrings.Quote(null!), Throws.ArgumentNullException);
}
