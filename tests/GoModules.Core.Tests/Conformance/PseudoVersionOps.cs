using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GoModules.Tests.Conformance;

/// <summary>Checkers for the <c>pseudo</c> and <c>pseudo_build</c> ops.</summary>
public static class PseudoVersionOps
{
    [ConformanceOp("pseudo")]
    public static void Pseudo(ConformanceVector vector)
    {
        var v = Json.Str(vector.Input, "v")!;
        var e = vector.Expect;
        var at = $"{vector.Id} v={v}";
        Assert.Multiple(() =>
        {
            Assert.That(PseudoVersion.IsPseudoVersion(v), Is.EqualTo(Json.Bool(e, "is_pseudo")), $"{at}: IsPseudoVersion");
            Assert.That(PseudoVersion.IsZeroPseudoVersion(v), Is.EqualTo(Json.Bool(e, "is_zero_pseudo")), $"{at}: IsZeroPseudoVersion");
            Assert.That(SemVer.IsValid(v), Is.EqualTo(Json.Bool(e, "is_valid")), $"{at}: IsValid");

            CheckResult(at, "base", e.GetProperty("base"), () => PseudoVersion.GetBase(v), PseudoVersion.TryGetBase(v, out var b) ? b : null);
            CheckResult(at, "rev", e.GetProperty("rev"), () => PseudoVersion.GetRevision(v), PseudoVersion.TryGetRevision(v, out var r) ? r : null);
            CheckResult(at, "time", e.GetProperty("time"), () => RfcFromTimestamp(PseudoVersion.GetTimestamp(v)), null, checkTry: false);
            CheckTime(at, v, e.GetProperty("time"));
        });
    }

    [ConformanceOp("pseudo_build")]
    public static void Build(ConformanceVector vector)
    {
        var input = vector.Input;
        var major = Json.Str(input, "major")!;
        var older = Json.Str(input, "older")!;
        var timeText = Json.Str(input, "time")!;
        var rev = Json.Str(input, "rev")!;
        var time = timeText.Length == 0
            ? DateTimeOffset.MinValue
            : DateTimeOffset.Parse(TruncateFraction(timeText), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var at = $"{vector.Id} major={major} older={older} time={timeText} rev={rev}";

        var version = PseudoVersion.Create(major, older, time, rev);
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(Json.Str(vector.Expect, "version")), $"{at}: Create");
            Assert.That(PseudoVersion.IsPseudoVersion(version), Is.EqualTo(Json.Bool(vector.Expect, "is_pseudo")), $"{at}: IsPseudoVersion(Create(...))");
            Assert.That(PseudoVersion.ZeroPseudoVersion(major), Is.EqualTo(Json.Str(vector.Expect, "zero_for_major")), $"{at}: ZeroPseudoVersion");
        });
    }

    private static void CheckResult(string at, string name, JsonElement expect, Func<string> get, string? tryResult, bool checkTry = true)
    {
        if (expect.GetProperty("ok").GetBoolean())
        {
            var expected = Json.Str(expect, "value");
            Assert.That(get(), Is.EqualTo(expected), $"{at}: {name}");
            if (checkTry)
            {
                Assert.That(tryResult, Is.EqualTo(expected), $"{at}: Try {name}");
            }
        }
        else
        {
            var ex = Assert.Throws<InvalidModuleVersionException>(() => get(), $"{at}: {name} should fail");
            Assert.That(ex!.Kind, Is.EqualTo(Json.Str(expect, "kind")), $"{at}: {name} kind");
            Assert.That(ex.IsPseudo, Is.True, $"{at}: {name} IsPseudo");
            if (checkTry)
            {
                Assert.That(tryResult, Is.Null, $"{at}: Try {name}");
            }
        }
    }

    /// <summary>GetTime agrees with Go whenever the time is representable as a DateTimeOffset.</summary>
    private static void CheckTime(string at, string v, JsonElement expect)
    {
        var ok = expect.GetProperty("ok").GetBoolean();
        var text = Json.Str(expect, "value");
        if (ok && text!.StartsWith("0000-", StringComparison.Ordinal))
        {
            var ex = Assert.Throws<InvalidModuleVersionException>(() => PseudoVersion.GetTime(v), $"{at}: GetTime year 0");
            Assert.That(ex!.Kind, Is.EqualTo(VersionErrorKinds.PseudoTimeOutOfRange), $"{at}: GetTime year 0 kind");
            Assert.That(PseudoVersion.TryGetTime(v, out _), Is.False, $"{at}: TryGetTime year 0");
            return;
        }

        CheckResult(at, "GetTime", expect, () => PseudoVersion.GetTime(v).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null, checkTry: false);
        var tried = PseudoVersion.TryGetTime(v, out var time);
        Assert.That(tried, Is.EqualTo(ok), $"{at}: TryGetTime");
        if (ok)
        {
            Assert.That(time.Offset, Is.EqualTo(TimeSpan.Zero), $"{at}: GetTime offset");
        }
    }

    /// <summary>Go keeps nanoseconds and truncates when formatting; .NET parsing would round them to ticks.</summary>
    private static string TruncateFraction(string rfc3339)
        => Regex.Replace(rfc3339, @"(\.\d{7})\d+", "$1");

    private static string RfcFromTimestamp(string ts)
        => $"{ts[..4]}-{ts[4..6]}-{ts[6..8]}T{ts[8..10]}:{ts[10..12]}:{ts[12..14]}Z";
}
