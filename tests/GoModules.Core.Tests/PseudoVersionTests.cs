using GoModules.Kernel;

namespace GoModules.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PseudoVersionTests
{
    private static readonly DateTimeOffset Noon = new(2021, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [TestCase("v0", "", "v0.0.0-20210630120000-cafe")]
    [TestCase("v3", "not-a-version", "v3.0.0-20210630120000-cafe")]
    [TestCase(null, null, "v0.0.0-20210630120000-cafe")]
    [TestCase("v1", "v1.2", "v1.2.1-0.20210630120000-cafe")]
    [TestCase("v1", "v1", "v1.0.1-0.20210630120000-cafe")]
    [TestCase("v1", "v1.2.9", "v1.2.10-0.20210630120000-cafe")]
    [TestCase("v1", "v1.2.199", "v1.2.200-0.20210630120000-cafe")]
    [TestCase("v1", "v1.2.3-rc.1+build.9", "v1.2.3-rc.1.0.20210630120000-cafe+build.9")]
    [TestCase("v1", "v1.2.3+meta", "v1.2.4-0.20210630120000-cafe+meta")]
    public void Create_UsesTheRightForm(string? major, string? older, string expected)
    {
        Assert.That(PseudoVersion.Create(major, older, Noon, "cafe"), Is.EqualTo(expected));
    }

    [Test]
    public void Create_ConvertsTheTimeToUtcAndTruncatesFractions()
    {
        var local = new DateTimeOffset(2000, 1, 1, 1, 30, 59, TimeSpan.FromHours(2)).AddTicks(9_999_999);
        Assert.That(PseudoVersion.Create("v0", "", local, "abc"), Is.EqualTo("v0.0.0-19991231233059-abc"));
    }

    [Test]
    public void Create_HandlesLongPatchNumbers()
    {
        var nines = new string('9', 100);
        var older = "v1.0." + nines;
        var version = PseudoVersion.Create("v1", older, Noon, "abcdef123456");
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo("v1.0.1" + new string('0', 100) + "-0.20210630120000-abcdef123456"));
            Assert.That(PseudoVersion.GetBase(version), Is.EqualTo(older));
        });
    }

    [Test]
    public void Create_RejectsNullRevision()
    {
        Assert.Throws<ArgumentNullException>(() => PseudoVersion.Create("v0", "", Noon, null!));
    }

    [TestCase("", "v1.2.3", "v1.2.3-pre.0", "v1.2.3+incompatible", "v2.0.0-rc.1+incompatible", "v1.2.3-0")]
    public void Create_RoundTripsThroughTheAccessors(params string[] olders)
    {
        Assert.Multiple(() =>
        {
            foreach (var older in olders)
            {
                var v = PseudoVersion.Create("v1", older, Noon, "0123456789ab");
                Assert.That(PseudoVersion.IsPseudoVersion(v), Is.True, v);
                Assert.That(PseudoVersion.GetRevision(v), Is.EqualTo("0123456789ab"), v);
                Assert.That(PseudoVersion.GetTime(v), Is.EqualTo(Noon), v);
                Assert.That(PseudoVersion.GetTimestamp(v), Is.EqualTo("20210630120000"), v);
                Assert.That(PseudoVersion.GetBase(v), Is.EqualTo(older), v);
                Assert.That(SemVer.Compare(v, older), Is.Positive, $"{v} sorts above its base");
            }
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("v2")]
    public void ZeroPseudoVersion_IsRecognised(string? major)
    {
        var zero = PseudoVersion.ZeroPseudoVersion(major);
        Assert.Multiple(() =>
        {
            Assert.That(zero, Does.EndWith(".0.0-00010101000000-000000000000"));
            Assert.That(PseudoVersion.IsZeroPseudoVersion(zero), Is.True);
            Assert.That(PseudoVersion.IsPseudoVersion(zero), Is.True);
            Assert.That(PseudoVersion.GetTime(zero), Is.EqualTo(DateTimeOffset.MinValue));
            Assert.That(PseudoVersion.Create(major, null, DateTimeOffset.MinValue, "000000000000"), Is.EqualTo(zero));
        });
    }

    [TestCase("v0.0.0-00010101000000-000000000000+incompatible")]
    [TestCase("v0.0.0-00010101000000-000000000001")]
    [TestCase("v0.0.1-00010101000000-000000000000")]
    [TestCase("v0.0.0-00010101000000-000000000000x")]
    [TestCase(null)]
    public void IsZeroPseudoVersion_RejectsNearMisses(string? v)
    {
        Assert.That(PseudoVersion.IsZeroPseudoVersion(v), Is.False);
    }

    [TestCase("v0.0.0-20180101000000-A", ExpectedResult = true)]
    [TestCase("v5.0.0-99999999999999-abc", ExpectedResult = true)]
    [TestCase("v1.2.3-x-y.z.0.20180101000000-abc", ExpectedResult = true)]
    [TestCase("v1.2.3-0.20180101000000-abc+a-b.c", ExpectedResult = true)]
    [TestCase("v0.0.0-2018010100000-abc", ExpectedResult = false)]
    [TestCase("v0.0.0-201801010000000-abc", ExpectedResult = false)]
    [TestCase("v0.0.0-20180101000000-", ExpectedResult = false)]
    [TestCase("v1.2.3-20180101000000-abc", ExpectedResult = false)]
    [TestCase("v1.2.3-x0.20180101000000-abc", ExpectedResult = false)]
    [TestCase("v1.2.3-10.20180101000000-abc", ExpectedResult = false)]
    [TestCase("v1.2.3-0.20180101000000.abc", ExpectedResult = false)]
    [TestCase("v1.2-0.20180101000000-abc", ExpectedResult = false)]
    [TestCase("v1.2.3-0.2018010100000a-abc", ExpectedResult = false)]
    public bool IsPseudoVersion(string v) => PseudoVersion.IsPseudoVersion(v);

    [TestCase("v0.0.0-20000229000000-abc", "2000-02-29")]
    [TestCase("v0.0.0-20240229235959-abc", "2024-02-29")]
    public void GetTime_AcceptsLeapDays(string v, string date)
    {
        Assert.That(PseudoVersion.GetTime(v).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(date));
    }

    [TestCase("v0.0.0-19000229000000-abc")]
    [TestCase("v0.0.0-20230431000000-abc")]
    [TestCase("v0.0.0-20230100000000-abc")]
    [TestCase("v0.0.0-20230101005960-abc")]
    public void GetTime_RejectsImpossibleTimes(string v)
    {
        var ex = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetTime(v));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Kind, Is.EqualTo(VersionErrorKinds.PseudoBadTime));
            Assert.That(ex.Message, Is.EqualTo($"pseudo-version \"{v}\" invalid: malformed time \"{v[7..21]}\""));
            Assert.That(PseudoVersion.TryGetTime(v, out _), Is.False);
        });
    }

    [Test]
    public void YearZero_IsAValidTimestampButNotADateTimeOffset()
    {
        const string v = "v0.0.0-00000229000000-abc";
        var ex = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetTime(v));
        Assert.Multiple(() =>
        {
            Assert.That(PseudoVersion.GetTimestamp(v), Is.EqualTo("00000229000000"), "year 0 is a leap year in Go's calendar");
            Assert.That(ex!.Kind, Is.EqualTo(VersionErrorKinds.PseudoTimeOutOfRange));
            Assert.That(PseudoVersion.TryGetTime(v, out _), Is.False);
        });
    }

    [Test]
    public void Errors_UseGoWordingAndKinds()
    {
        var syntax = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetRevision("v1.2.3"));
        var build = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetBase("v1.0.0-20180101000000-abc+meta"));
        var negative = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetBase("v1.5.0-0.20180101000000-abc"));
        Assert.Multiple(() =>
        {
            Assert.That(syntax!.Message, Is.EqualTo("pseudo-version \"v1.2.3\" invalid: syntax error"));
            Assert.That(syntax.Kind, Is.EqualTo(VersionErrorKinds.PseudoSyntax));
            Assert.That(syntax.Version, Is.EqualTo("v1.2.3"));
            Assert.That(syntax.IsPseudo, Is.True);
            Assert.That(syntax.Path, Is.Null);
            Assert.That(syntax, Is.InstanceOf<FormatException>());
            Assert.That(build!.Kind, Is.EqualTo(VersionErrorKinds.PseudoBuildWithoutBase));
            Assert.That(build.Reason, Is.EqualTo("lacks base version, but has build metadata \"+meta\""));
            Assert.That(negative!.Kind, Is.EqualTo(VersionErrorKinds.PseudoNegativePatch));
            Assert.That(negative.Reason, Is.EqualTo("version before v1.5.0 would have negative patch number"));
            Assert.That(PseudoVersion.TryGetBase("v1.5.0-0.20180101000000-abc", out var b), Is.False);
            Assert.That(b, Is.Null);
            Assert.That(PseudoVersion.TryGetRevision(null, out var r), Is.False);
            Assert.That(r, Is.Null);
        });
    }

    [Test]
    public void Exception_WithPathUsesModuleErrorWording()
    {
        var ex = new InvalidModuleVersionException("example.com/m", "v1.2", isPseudo: false, VersionErrorKinds.VersionNotCanonical, "not a canonical version", null);
        var quoted = new InvalidModuleVersionException("bad\"\n\u0001", isPseudo: false, VersionErrorKinds.InvalidVersion, "not a semantic version");
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Is.EqualTo("example.com/m@v1.2: invalid version: not a canonical version"));
            Assert.That(ex.Path, Is.EqualTo("example.com/m"));
            Assert.That(quoted.Message, Is.EqualTo("version \"bad\\\"\\n\\x01\" invalid: not a semantic version"));
        });
    }

    [TestCase("9", "10")]
    [TestCase("0", "1")]
    [TestCase("1099", "1100")]
    public void IncrementDecimal(string digits, string expected)
    {
        Assert.That(PseudoVersion.IncrementDecimal(digits), Is.EqualTo(expected));
    }

    [TestCase("10", "9")]
    [TestCase("1", "0")]
    [TestCase("100", "99")]
    [TestCase("1000", "999")]
    [TestCase("20", "19")]
    [TestCase("210", "209")]
    [TestCase("0", null)]
    public void DecrementDecimal(string digits, string? expected)
    {
        Assert.That(PseudoVersion.DecrementDecimal(digits), Is.EqualTo(expected));
    }

    [Test]
    public void GoQuote_QuoteKeepsPrintableUnicode()
    {
        Assert.That(GoQuote.Quote("héllo\\"), Is.EqualTo("\"héllo\\\\\""));
    }
}
