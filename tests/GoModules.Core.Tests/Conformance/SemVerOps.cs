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
        Assert.Multiple(() =>
        {
            Assert.That(list, Is.EqualTo(expected), $"{at}: Sort(List)");
            Assert.That(array, Is.EqualTo(expected), $"{at}: Sort(Span) of the reversed input");
        });
    }
}
