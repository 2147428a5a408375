using System.Text.Json;

namespace GoModules.Tests.Conformance;

/// <summary>Checkers for the <c>semver</c>, <c>semver_compare</c> and <c>semver_sort</c> ops.</summary>
public static class SemVerOps
{
    [ConformanceOp("semver")]
    public static void SemVerAccessors(ConformanceVector vector)
    {
        var v = Json.Str(vector.Input, "v")!;
        var e = vector.Expect;
        var at = $"{vector.Id} v={v}";
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.IsValid(v), Is.EqualTo(Json.Bool(e, "is_valid")), $"{at}: IsValid(string)");
            Assert.That(SemVer.IsValid(v.AsSpan()), Is.EqualTo(Json.Bool(e, "is_valid")), $"{at}: IsValid(span)");
            Assert.That(SemVer.Canonical(v), Is.EqualTo(Json.Str(e, "canonical")), $"{at}: Canonical");
            Assert.That(SemVer.IsCanonical(v), Is.EqualTo(Json.Bool(e, "is_valid") && Json.Str(e, "canonical") == v), $"{at}: IsCanonical");
            Assert.That(SemVer.Major(v), Is.EqualTo(Json.Str(e, "major")), $"{at}: Major");
            Assert.That(SemVer.Major(v.AsSpan()).ToString(), Is.EqualTo(Json.Str(e, "major")), $"{at}: Major(span)");
            Assert.That(SemVer.MajorMinor(v), Is.EqualTo(Json.Str(e, "major_minor")), $"{at}: MajorMinor");
            Assert.That(SemVer.Prerelease(v), Is.EqualTo(Json.Str(e, "prerelease")), $"{at}: Prerelease");
            Assert.That(SemVer.Prerelease(v.AsSpan()).ToString(), Is.EqualTo(Json.Str(e, "prerelease")), $"{at}: Prerelease(span)");
            Assert.That(SemVer.Build(v), Is.EqualTo(Json.Str(e, "build")), $"{at}: Build");
            Assert.That(SemVer.Build(v.AsSpan()).ToString(), Is.EqualTo(Json.Str(e, "build")), $"{at}: Build(span)");
            Assert.That(SemVer.CanonicalModuleVersion(v), Is.EqualTo(Json.Str(e, "module_canonical")), $"{at}: CanonicalModuleVersion");
            Assert.That(SemVer.Compare(v, v), Is.EqualTo(e.GetProperty("compare_to_itself").GetInt32()), $"{at}: Compare(v, v)");
            if (e.TryGetProperty("is_pseudo", out var pseudo))
            {
                Assert.That(PseudoVersion.IsPseudoVersion(v), Is.EqualTo(pseudo.GetBoolean()), $"{at}: IsPseudoVersion");
            }
        });
        CheckTyped(v, e, at);
    }

    /// <summary>The same vector through <see cref="SemanticVersion"/>: parsing, accessors and self-comparison.</summary>
    private static void CheckTyped(string v, JsonElement e, string at)
    {
        var valid = Json.Bool(e, "is_valid");
        var parsed = SemanticVersion.TryParse(v, out var sv);
        var spanParsed = SemanticVersion.TryParse(v.AsSpan(), out var fromSpan);
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(valid), $"{at}: SemanticVersion.TryParse");
            Assert.That(spanParsed, Is.EqualTo(valid), $"{at}: SemanticVersion.TryParse(span)");
            Assert.That(sv.IsValid, Is.EqualTo(valid), $"{at}: SemanticVersion.IsValid");
            if (!valid)
            {
                Assert.That(sv, Is.EqualTo(default(SemanticVersion)), $"{at}: invalid text gives the default value");
                Assert.That(SemanticVersion.ParseOrDefault(v), Is.EqualTo(default(SemanticVersion)), $"{at}: ParseOrDefault");
                Assert.That(() => SemanticVersion.Parse(v), Throws.InstanceOf<FormatException>(), $"{at}: Parse throws");
                return;
            }

            Assert.That(SemanticVersion.Parse(v).ToString(), Is.EqualTo(v), $"{at}: ToString keeps the text");
            Assert.That(fromSpan.ToString(), Is.EqualTo(v), $"{at}: span ToString");
            Assert.That(sv.Canonical, Is.EqualTo(Json.Str(e, "canonical")), $"{at}: SemanticVersion.Canonical");
            Assert.That(sv.ModuleCanonical, Is.EqualTo(Json.Str(e, "module_canonical")), $"{at}: SemanticVersion.ModuleCanonical");
            Assert.That(sv.IsCanonical, Is.EqualTo(Json.Str(e, "canonical") == v), $"{at}: SemanticVersion.IsCanonical");
            Assert.That(sv.Major, Is.EqualTo(Json.Str(e, "major")), $"{at}: SemanticVersion.Major");
            Assert.That(sv.MajorMinor, Is.EqualTo(Json.Str(e, "major_minor")), $"{at}: SemanticVersion.MajorMinor");
            Assert.That(sv.Prerelease, Is.EqualTo(Json.Str(e, "prerelease")), $"{at}: SemanticVersion.Prerelease");
            Assert.That(sv.IsPrerelease, Is.EqualTo(!string.IsNullOrEmpty(Json.Str(e, "prerelease"))), $"{at}: SemanticVersion.IsPrerelease");
            Assert.That(sv.Build, Is.EqualTo(Json.Str(e, "build")), $"{at}: SemanticVersion.Build");
            Assert.That(sv.IsIncompatible, Is.EqualTo(Json.Str(e, "build") == SemVer.IncompatibleSuffix), $"{at}: SemanticVersion.IsIncompatible");
            Assert.That(sv.CompareTo(fromSpan), Is.EqualTo(e.GetProperty("compare_to_itself").GetInt32()), $"{at}: CompareTo itself");
            Assert.That(sv == fromSpan && sv.GetHashCode() == fromSpan.GetHashCode(), Is.True, $"{at}: equal to itself, same hash");
            Assert.That(sv > default(SemanticVersion), Is.True, $"{at}: above the invalid (default) version");
            Assert.That(SemanticVersion.Parse(sv.Canonical), Is.EqualTo(sv), $"{at}: equal to its canonical form");
            if (e.TryGetProperty("is_pseudo", out var pseudo))
            {
                Assert.That(sv.IsPseudoVersion, Is.EqualTo(pseudo.GetBoolean()), $"{at}: SemanticVersion.IsPseudoVersion");
            }
        });
    }

    [ConformanceOp("semver_compare")]
    public static void Compare(ConformanceVector vector)
    {
        var v = Json.Str(vector.Input, "v")!;
        var w = Json.Str(vector.Input, "w")!;
        var expected = vector.Expect.GetProperty("compare").GetInt32();
        var at = $"{vector.Id} v={v} w={w}";
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.Compare(v, w), Is.EqualTo(expected), $"{at}: Compare");
            Assert.That(SemVer.Compare(w, v), Is.EqualTo(-expected), $"{at}: Compare reversed");
            Assert.That(Math.Sign(SemVerComparer.Instance.Compare(v, w)), Is.EqualTo(expected), $"{at}: SemVerComparer");
            Assert.That(SemVer.Max(v, w), Is.EqualTo(Json.Str(vector.Expect, "max")), $"{at}: Max");

            // Through the typed version: invalid text is the default value, which sorts below every valid version.
            var sv = SemanticVersion.ParseOrDefault(v);
            var sw = SemanticVersion.ParseOrDefault(w);
            Assert.That(sv.CompareTo(sw), Is.EqualTo(expected), $"{at}: SemanticVersion.CompareTo");
            Assert.That(sw.CompareTo(sv), Is.EqualTo(-expected), $"{at}: SemanticVersion.CompareTo reversed");
            Assert.That(sv.CompareTo((object)sw), Is.EqualTo(expected), $"{at}: IComparable.CompareTo");
            Assert.That(sv.Equals(sw), Is.EqualTo(expected == 0), $"{at}: Equals agrees with CompareTo");
            Assert.That(sv == sw, Is.EqualTo(expected == 0), $"{at}: ==");
            Assert.That(sv != sw, Is.EqualTo(expected != 0), $"{at}: !=");
            Assert.That(sv < sw, Is.EqualTo(expected < 0), $"{at}: <");
            Assert.That(sv <= sw, Is.EqualTo(expected <= 0), $"{at}: <=");
            Assert.That(sv > sw, Is.EqualTo(expected > 0), $"{at}: >");
            Assert.That(sv >= sw, Is.EqualTo(expected >= 0), $"{at}: >=");
            if (expected == 0)
            {
                Assert.That(sv.GetHashCode(), Is.EqualTo(sw.GetHashCode()), $"{at}: equal versions hash alike");
            }

            Assert.That(SemanticVersion.Max(sv, sw).Canonical, Is.EqualTo(Json.Str(vector.Expect, "max")), $"{at}: SemanticVersion.Max");
        });
    }

    [ConformanceOp("semver_sort")]
    public static void Sort(ConformanceVector vector)
    {
        var list = vector.Input.GetProperty("list").EnumerateArray().Select(x => x.GetString()!).ToList();
        var expected = vector.Expect.GetProperty("sorted").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var at = $"{vector.Id} list={JsonSerializer.Serialize(list)}";

        var array = list.ToArray();
        Array.Reverse(array);
        SemVer.Sort(list);
        SemVer.Sort(array.AsSpan());
        // The typed order plus an ordinal tie break gives Go's semver.Sort.
        var typed = array.OrderBy(SemanticVersion.ParseOrDefault).ThenBy(x => x, SemVerComparer.TotalOrder).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(typed, Is.EqualTo(expected), $"{at}: sorted by SemanticVersion");
            Assert.That(list, Is.EqualTo(expected), $"{at}: Sort(List)");
            Assert.That(array, Is.EqualTo(expected), $"{at}: Sort(Span) of the reversed input");
        });
    }
}
