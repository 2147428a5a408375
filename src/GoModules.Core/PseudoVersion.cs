using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// Pseudo-versions: versions that name an untagged revision by its commit time and revision identifier,
/// such as <c>v0.0.0-20191109021931-daa7c04131f5</c>.
/// </summary>
/// <remarks>
/// <para>A pseudo-version has one of three forms, each optionally followed by build metadata such as <c>+incompatible</c>:</para>
/// <list type="number">
/// <item><c>vX.0.0-yyyymmddhhmmss-abcdefabcdef</c>, when no earlier version with major X is tagged;</item>
/// <item><c>vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef</c>, when the latest earlier tag is the release <c>vX.Y.Z</c>;</item>
/// <item><c>vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef</c>, when the latest earlier tag is the prerelease <c>vX.Y.Z-pre</c>.</item>
/// </list>
/// <para>
/// The timestamp is the commit time in UTC and the revision is normally the first 12 hex digits of the commit
/// hash. Each form sorts above its base version and below the next possible tag. The rules are those of
/// golang.org/x/mod/module (see https://go.dev/ref/mod#pseudo-versions).
/// </para>
/// </remarks>
public static class PseudoVersion
{
    /// <summary>The layout of the timestamp inside a pseudo-version, as a .NET format string (UTC).</summary>
    public const string TimestampFormat = "yyyyMMddHHmmss";

    private const int TimestampLength = 14;

    private const string ZeroSuffix = ".0.0-00010101000000-000000000000";

    /// <summary>
    /// Builds a pseudo-version for the revision <paramref name="revision"/> committed at <paramref name="time"/>,
    /// whose nearest tagged ancestor is <paramref name="older"/> (Go's <c>module.PseudoVersion</c>).
    /// </summary>
    /// <param name="major">
    /// The major version prefix (such as <c>v2</c>) used when there is no older version;
    /// <see langword="null"/> or empty means <c>v0</c>. It is not validated.
    /// </param>
    /// <param name="older">
    /// The latest tagged version before the revision, or <see langword="null"/>/empty (or any invalid text)
    /// when there is none. Its build metadata, such as <c>+incompatible</c>, is carried over.
    /// </param>
    /// <param name="time">The commit time; it is converted to UTC. Go's zero time is <see cref="DateTimeOffset.MinValue"/>.</param>
    /// <param name="revision">The revision identifier, normally the 12-character abbreviated commit hash. It is not validated.</param>
    /// <returns>The pseudo-version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="revision"/> is <see langword="null"/>.</exception>
    public static string Create(string? major, string? older, DateTimeOffset time, string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (string.IsNullOrEmpty(major))
        {
            major = "v0";
        }

        var segment = string.Concat(time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture), "-", revision);
        if (!SemVerParts.TryParse(older, out var p))
        {
            return string.Concat(major, ".0.0-", segment);
        }

        var o = older.AsSpan();
        var build = p.Build(o);
        if (p.HasPrerelease)
        {
            return string.Concat(o[..p.PrereleaseEnd], ".0.", segment, build);
        }

        // vX.Y.Z → vX.Y.(Z+1)-0.segment; the shorthands vX and vX.Y have an implicit .0 patch.
        var patch = p.PatchDigits(o);
        var prefix = p.IsShorthand ? string.Concat(o[..p.PatchEnd], p.HasMinor ? "." : ".0.") : o[..(p.MinorEnd + 1)].ToString();
        return string.Concat(prefix, IncrementDecimal(patch), "-0.", segment) + build.ToString();
    }

    /// <summary>
    /// Returns the pseudo-version used for a module with no tags and no useful revision information:
    /// <c>vMAJOR.0.0-00010101000000-000000000000</c> (Go's <c>module.ZeroPseudoVersion</c>).
    /// </summary>
    /// <param name="major">The major version prefix, such as <c>v2</c>; <see langword="null"/> or empty means <c>v0</c>.</param>
    /// <returns>The zero pseudo-version for <paramref name="major"/>.</returns>
    public static string ZeroPseudoVersion(string? major)
        => string.Concat(string.IsNullOrEmpty(major) ? "v0" : major, ZeroSuffix);

    /// <summary>Reports whether <paramref name="v"/> is a pseudo-version.</summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> when <paramref name="v"/> is a valid semantic version in one of the pseudo-version forms.</returns>
    /// <remarks>The timestamp is only checked to be 14 digits; use <see cref="TryGetTime"/> to check it is a real time.</remarks>
    public static bool IsPseudoVersion(ReadOnlySpan<char> v) => TrySplit(v, out _, out _);

    /// <summary>Reports whether <paramref name="v"/> is a pseudo-version.</summary>
    /// <param name="v">The version text; <see langword="null"/> is not a pseudo-version.</param>
    /// <returns><see langword="true"/> when <paramref name="v"/> is a valid semantic version in one of the pseudo-version forms.</returns>
    /// <remarks>The timestamp is only checked to be 14 digits; use <see cref="TryGetTime"/> to check it is a real time.</remarks>
    public static bool IsPseudoVersion(string? v) => IsPseudoVersion(v.AsSpan());

    /// <summary>
    /// Reports whether <paramref name="v"/> is the zero pseudo-version of its major version
    /// (see <see cref="ZeroPseudoVersion"/>).
    /// </summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> for <c>vMAJOR.0.0-00010101000000-000000000000</c>.</returns>
    public static bool IsZeroPseudoVersion(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) && v[p.MajorEnd..].SequenceEqual(ZeroSuffix);

    /// <summary>
    /// Reports whether <paramref name="v"/> is the zero pseudo-version of its major version
    /// (see <see cref="ZeroPseudoVersion"/>).
    /// </summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> for <c>vMAJOR.0.0-00010101000000-000000000000</c>.</returns>
    public static bool IsZeroPseudoVersion(string? v) => IsZeroPseudoVersion(v.AsSpan());

    /// <summary>Returns the revision identifier of a pseudo-version (Go's <c>module.PseudoVersionRev</c>).</summary>
    /// <param name="v">The pseudo-version.</param>
    /// <returns>The revision identifier, such as <c>daa7c04131f5</c>.</returns>
    /// <exception cref="InvalidModuleVersionException"><paramref name="v"/> is not a pseudo-version (<see cref="VersionErrorKinds.PseudoSyntax"/>).</exception>
    public static string GetRevision(string? v)
    {
        if (!TryGetRevision(v, out var revision))
        {
            throw SyntaxError(v);
        }

        return revision;
    }

    /// <summary>Gets the revision identifier of a pseudo-version without throwing.</summary>
    /// <param name="v">The text to examine.</param>
    /// <param name="revision">The revision identifier, or <see langword="null"/> when <paramref name="v"/> is not a pseudo-version.</param>
    /// <returns><see langword="true"/> when <paramref name="v"/> is a pseudo-version.</returns>
    public static bool TryGetRevision(string? v, [NotNullWhen(true)] out string? revision)
    {
        if (!TrySplit(v, out _, out var s))
        {
            revision = null;
            return false;
        }

        revision = v![s.RevisionStart..s.RevisionEnd];
        return true;
    }

    /// <summary>
    /// Returns the 14-digit UTC timestamp of a pseudo-version (<c>yyyymmddhhmmss</c>), after checking with Go's
    /// calendar rules that it is a real time. Year 0000 is accepted, as in Go.
    /// </summary>
    /// <param name="v">The pseudo-version.</param>
    /// <returns>The timestamp text.</returns>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="v"/> is not a pseudo-version (<see cref="VersionErrorKinds.PseudoSyntax"/>).
    /// -or-
    /// The timestamp is not a real time (<see cref="VersionErrorKinds.PseudoBadTime"/>).
    /// </exception>
    public static string GetTimestamp(string? v)
    {
        var error = ParseTime(v, out _, out var ts);
        if (error is not null and not Failure.TimeOutOfRange)
        {
            throw CreateError(v, error.Value, ts);
        }

        return ts.ToString();
    }

    /// <summary>Returns the commit time recorded in a pseudo-version (Go's <c>module.PseudoVersionTime</c>).</summary>
    /// <param name="v">The pseudo-version.</param>
    /// <returns>The time, with a zero offset (UTC).</returns>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="v"/> is not a pseudo-version (<see cref="VersionErrorKinds.PseudoSyntax"/>).
    /// -or-
    /// The timestamp is not a real time (<see cref="VersionErrorKinds.PseudoBadTime"/>).
    /// -or-
    /// The timestamp is in year 0000, which Go accepts but <see cref="DateTimeOffset"/> cannot hold
    /// (<see cref="VersionErrorKinds.PseudoTimeOutOfRange"/>); <see cref="GetTimestamp"/> still returns it.
    /// </exception>
    public static DateTimeOffset GetTime(string? v)
    {
        var error = ParseTime(v, out var time, out var ts);
        if (error is not null)
        {
            throw CreateError(v, error.Value, ts);
        }

        return time;
    }

    /// <summary>Gets the commit time recorded in a pseudo-version without throwing.</summary>
    /// <param name="v">The text to examine.</param>
    /// <param name="time">The time (UTC), or <see langword="default"/> on failure.</param>
    /// <returns>
    /// <see langword="true"/> when <paramref name="v"/> is a pseudo-version whose timestamp is a real time
    /// representable as a <see cref="DateTimeOffset"/>.
    /// </returns>
    public static bool TryGetTime(ReadOnlySpan<char> v, out DateTimeOffset time) => ParseTime(v, out time, out _) is null;

    /// <summary>
    /// Returns the version a pseudo-version is based on: the tag it was derived from, or the empty string for a
    /// pseudo-version with no base (Go's <c>module.PseudoVersionBase</c>). Build metadata is carried over.
    /// </summary>
    /// <param name="v">The pseudo-version.</param>
    /// <returns>The base version, such as <c>v1.2.3</c> for <c>v1.2.4-0.20191109021931-daa7c04131f5</c>, or the empty string.</returns>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="v"/> is not a pseudo-version (<see cref="VersionErrorKinds.PseudoSyntax"/>).
    /// -or-
    /// It has no base version but has build metadata (<see cref="VersionErrorKinds.PseudoBuildWithoutBase"/>).
    /// -or-
    /// It has the form <c>vX.Y.0-0.…</c>, which no base version could produce (<see cref="VersionErrorKinds.PseudoNegativePatch"/>).
    /// </exception>
    public static string GetBase(string? v)
    {
        var error = ParseBase(v, out var result, out var detail);
        if (error is not null)
        {
            throw CreateError(v, error.Value, detail);
        }

        return result!;
    }

    /// <summary>Gets the version a pseudo-version is based on without throwing (see <see cref="GetBase"/>).</summary>
    /// <param name="v">The text to examine.</param>
    /// <param name="baseVersion">The base version (possibly empty), or <see langword="null"/> on failure.</param>
    /// <returns><see langword="true"/> when the base version could be determined.</returns>
    public static bool TryGetBase(string? v, [NotNullWhen(true)] out string? baseVersion)
        => ParseBase(v, out baseVersion, out _) is null;

    private enum Failure
    {
        Syntax,
        BadTime,
        TimeOutOfRange,
        BuildWithoutBase,
        NegativePatch,
    }

    /// <summary>Offsets of the pieces of a pseudo-version (see Go's parsePseudoVersion).</summary>
    private readonly record struct Split(int BaseEnd, int TimestampStart, int RevisionStart, int RevisionEnd);

    /// <summary>Checks the pseudo-version syntax and finds its pieces, without allocating.</summary>
    private static bool TrySplit(ReadOnlySpan<char> v, out SemVerParts p, out Split split)
    {
        split = default;
        if (!SemVerParts.TryParse(v, out p) || !p.HasPrerelease)
        {
            return false;
        }

        // The prerelease without its '-': [PatchEnd + 1, PrereleaseEnd).
        var preStart = p.PatchEnd + 1;
        var pre = v[preStart..p.PrereleaseEnd];

        // The revision: a non-empty run of ASCII letters and digits after the last '-'.
        var dash = pre.LastIndexOf('-');
        if (dash < 0 || dash == pre.Length - 1)
        {
            return false;
        }

        foreach (var c in pre[(dash + 1)..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        // Exactly 14 digits before that '-', preceded by the start of the prerelease (form 1, only for
        // vX.0.0) or by "0." that itself starts the prerelease or follows a '.' (forms 2 and 3).
        if (dash < TimestampLength || !SemVerParts.IsNumeric(pre[(dash - TimestampLength)..dash]))
        {
            return false;
        }

        var before = pre[..(dash - TimestampLength)];
        bool ok;
        if (before.IsEmpty)
        {
            ok = p.MinorDigits(v) is "0" && p.PatchDigits(v) is "0";
        }
        else
        {
            ok = before.EndsWith("0.") && (before.Length == 2 || before[^3] == '.');
        }

        if (!ok)
        {
            return false;
        }

        var tsStart = preStart + dash - TimestampLength;
        var baseEnd = before.IsEmpty ? p.PatchEnd : tsStart - 1;
        split = new Split(baseEnd, tsStart, preStart + dash + 1, p.PrereleaseEnd);
        return true;
    }

    private static Failure? ParseTime(ReadOnlySpan<char> v, out DateTimeOffset time, out ReadOnlySpan<char> timestamp)
    {
        time = default;
        timestamp = default;
        if (!TrySplit(v, out _, out var s))
        {
            return Failure.Syntax;
        }

        timestamp = v.Slice(s.TimestampStart, TimestampLength);
        var year = Digits(timestamp, 0, 4);
        var month = Digits(timestamp, 4, 2);
        var day = Digits(timestamp, 6, 2);
        var hour = Digits(timestamp, 8, 2);
        var minute = Digits(timestamp, 10, 2);
        var second = Digits(timestamp, 12, 2);

        // Go's time.Parse: month 1-12, a day that exists in that month (proleptic Gregorian, year 0 is a
        // leap year), hour 0-23, minute and second 0-59.
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return Failure.BadTime;
        }

        if (year == 0)
        {
            return Failure.TimeOutOfRange;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return null;
    }

    private static Failure? ParseBase(string? v, out string? result, out ReadOnlySpan<char> detail)
    {
        result = null;
        detail = default;
        if (!TrySplit(v, out var p, out var s))
        {
            return Failure.Syntax;
        }

        var text = v.AsSpan();
        var build = p.Build(text);
        var basePre = text[p.PatchEnd..s.BaseEnd];
        if (basePre.IsEmpty)
        {
            // Form 1: no base version.
            if (!build.IsEmpty)
            {
                detail = build;
                return Failure.BuildWithoutBase;
            }

            result = string.Empty;
            return null;
        }

        if (basePre is "-0")
        {
            // Form 2: vX.Y.(Z+1)-0 → vX.Y.Z.
            var patch = DecrementDecimal(text[(p.MinorEnd + 1)..p.PatchEnd]);
            if (patch is null)
            {
                detail = text[..p.PatchEnd];
                return Failure.NegativePatch;
            }

            result = string.Concat(text[..(p.MinorEnd + 1)], patch, build);
            return null;
        }

        // Form 3: vX.Y.Z-pre.0 → vX.Y.Z-pre (the ".0" is guaranteed by TrySplit).
        result = string.Concat(text[..(s.BaseEnd - 2)], build);
        return null;
    }

    private static InvalidModuleVersionException SyntaxError(string? v) => CreateError(v, Failure.Syntax, default);

    private static InvalidModuleVersionException CreateError(string? v, Failure failure, ReadOnlySpan<char> detail)
    {
        var (kind, reason) = failure switch
        {
            Failure.Syntax => (VersionErrorKinds.PseudoSyntax, SR.PseudoSyntaxError),
            Failure.BadTime => (VersionErrorKinds.PseudoBadTime, Format(SR.PseudoMalformedTime, GoQuote.Quote(detail.ToString()))),
            Failure.TimeOutOfRange => (VersionErrorKinds.PseudoTimeOutOfRange, Format(SR.PseudoTimeOutOfRange, GoQuote.Quote(detail.ToString()))),
            Failure.BuildWithoutBase => (VersionErrorKinds.PseudoBuildWithoutBase, Format(SR.PseudoBuildWithoutBase, GoQuote.Quote(detail.ToString()))),
            _ => (VersionErrorKinds.PseudoNegativePatch, Format(SR.PseudoNegativePatch, detail.ToString())),
        };
        return new InvalidModuleVersionException(v ?? string.Empty, isPseudo: true, kind, reason);

        static string Format(string format, string arg) => string.Format(CultureInfo.InvariantCulture, format, arg);
    }

    private static int Digits(ReadOnlySpan<char> s, int start, int length)
    {
        var n = 0;
        foreach (var c in s.Slice(start, length))
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }

    private static int DaysInMonth(int year, int month)
    {
        if (month == 2)
        {
            var leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }

        return month is 4 or 6 or 9 or 11 ? 30 : 31;
    }

    /// <summary>Adds one to a decimal digit string (<c>9</c> → <c>10</c>).</summary>
    internal static string IncrementDecimal(ReadOnlySpan<char> digits)
    {
        var i = digits.Length - 1;
        while (i >= 0 && digits[i] == '9')
        {
            i--;
        }

        if (i < 0)
        {
            // All nines: 1 followed by as many zeros.
            return string.Create(digits.Length + 1, 0, static (span, _) =>
            {
                span.Fill('0');
                span[0] = '1';
            });
        }

        Span<char> buffer = digits.Length <= 64 ? stackalloc char[digits.Length] : new char[digits.Length];
        digits.CopyTo(buffer);
        buffer[i]++;
        buffer[(i + 1)..].Fill('0');
        return buffer.ToString();
    }

    /// <summary>Subtracts one from a decimal digit string (<c>10</c> → <c>9</c>); null for <c>0</c>.</summary>
    internal static string? DecrementDecimal(ReadOnlySpan<char> digits)
    {
        var i = digits.Length - 1;
        while (i >= 0 && digits[i] == '0')
        {
            i--;
        }

        if (i < 0)
        {
            return null;
        }

        Span<char> buffer = digits.Length <= 64 ? stackalloc char[digits.Length] : new char[digits.Length];
        digits.CopyTo(buffer);
        buffer[i]--;
        buffer[(i + 1)..].Fill('9');

        // 10 → 09 → 9: drop the leading zero that a borrow from a leading 1 leaves behind.
        var result = buffer;
        if (i == 0 && result[0] == '0' && result.Length > 1)
        {
            result = result[1..];
        }

        return result.ToString();
    }
}
