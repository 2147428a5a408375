namespace GoModules.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SemVerTests
{
    [TestCase("v1.2.3")]
    [TestCase("v0.0.0-alpha.1")]
    [TestCase("v10.20.30-rc.1.x-y")]
    public void Canonical_ReturnsSameInstanceWhenAlreadyCanonical(string v)
    {
        var input = new string(v.AsSpan()); // a fresh instance, not an interned literal
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.Canonical(input), Is.SameAs(input));
            Assert.That(SemVer.CanonicalModuleVersion(input), Is.SameAs(input));
            Assert.That(SemVer.IsCanonical(input), Is.True);
        });
    }

    [Test]
    public void CanonicalModuleVersion_KeepsOnlyExactIncompatible()
    {
        var incompatible = new string("v2.0.0+incompatible".AsSpan());
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.CanonicalModuleVersion(incompatible), Is.SameAs(incompatible));
            Assert.That(SemVer.CanonicalModuleVersion("v2.0.0+incompatible.1"), Is.EqualTo("v2.0.0"));
            Assert.That(SemVer.CanonicalModuleVersion("v2.0.0+Incompatible"), Is.EqualTo("v2.0.0"));
            Assert.That(SemVer.Canonical("v2.0.0+incompatible"), Is.EqualTo("v2.0.0"));
            Assert.That(SemVer.IsIncompatible("v2.0.0+incompatible"), Is.True);
            Assert.That(SemVer.IsIncompatible("v2.0.0+incompatible.x"), Is.False);
            Assert.That(SemVer.IsIncompatible("v2+incompatible"), Is.False, "a shorthand cannot carry build metadata");
        });
    }

    [TestCase("v1", ExpectedResult = "v1.0.0")]
    [TestCase("v1.2", ExpectedResult = "v1.2.0")]
    [TestCase("v1.2.3-pre+build.7", ExpectedResult = "v1.2.3-pre")]
    [TestCase("v1.2.3+build", ExpectedResult = "v1.2.3")]
    [TestCase("1.2.3", ExpectedResult = "")]
    [TestCase("V1.2.3", ExpectedResult = "")]
    [TestCase("v1.2.3 ", ExpectedResult = "")]
    [TestCase("v1.2.3+a+b", ExpectedResult = "")]
    [TestCase("v1.2.3-01", ExpectedResult = "")]
    [TestCase("v1.2.3-0a.01a.-01", ExpectedResult = "v1.2.3-0a.01a.-01")]
    [TestCase("v1.2.3+01.007", ExpectedResult = "v1.2.3")]
    [TestCase("v1.2.3-é", ExpectedResult = "")]
    public string Canonical(string v) => SemVer.Canonical(v);

    [Test]
    public void NullIsTreatedAsTheEmptyInvalidVersion()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.IsValid((string?)null), Is.False);
            Assert.That(SemVer.Canonical(null), Is.Empty);
            Assert.That(SemVer.CanonicalModuleVersion(null), Is.Empty);
            Assert.That(SemVer.Major((string?)null), Is.Empty);
            Assert.That(SemVer.MajorMinor(null), Is.Empty);
            Assert.That(SemVer.Prerelease((string?)null), Is.Empty);
            Assert.That(SemVer.Build((string?)null), Is.Empty);
            Assert.That(SemVer.Compare(null, "bad"), Is.Zero);
            Assert.That(SemVer.Compare(null, "v0.0.0"), Is.EqualTo(-1));
            Assert.That(SemVer.Max(null, null), Is.Empty);
        });
    }

    [TestCase("v1", "v1", "v1.0")]
    [TestCase("v12.3", "v12", "v12.3")]
    [TestCase("v7.0.1-x+y", "v7", "v7.0")]
    [TestCase("v123456789012345678901234567890.1.2", "v123456789012345678901234567890", "v123456789012345678901234567890.1")]
    public void MajorAndMajorMinor(string v, string major, string majorMinor)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.Major(v), Is.EqualTo(major));
            Assert.That(SemVer.Major(v.AsSpan()).ToString(), Is.EqualTo(major));
            Assert.That(SemVer.MajorMinor(v), Is.EqualTo(majorMinor));
        });
    }

    [Test]
    public void Build_ReturnsTheSharedIncompatibleSuffix()
    {
        Assert.That(SemVer.Build("v3.1.0+incompatible"), Is.SameAs(SemVer.IncompatibleSuffix));
    }

    // Each row is in strictly increasing order.
    [TestCase("v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0")]
    [TestCase("v1.0.0-1", "v1.0.0-2", "v1.0.0-10", "v1.0.0-99999999999999999999", "v1.0.0--", "v1.0.0-A", "v1.0.0-Z", "v1.0.0-a")]
    [TestCase("v1.0.0-a-", "v1.0.0-a0", "v1.0.0-aa")]
    [TestCase("v1.0.0-x.1", "v1.0.0-x.1.0", "v1.0.0-x.1.a", "v1.0.0-x.2")]
    [TestCase("v0.0.0", "v0.0.1", "v0.1.0", "v0.10.0", "v1.0.0", "v9.0.0", "v10.0.0", "v100000000000000000000.0.0")]
    [TestCase("", "v0.0.0-0", "v0.0.0")]
    public void Compare_OrdersByPrecedence(params string[] ordered)
    {
        Assert.Multiple(() =>
        {
            for (var i = 0; i < ordered.Length; i++)
            {
                for (var j = 0; j < ordered.Length; j++)
                {
                    var expected = i.CompareTo(j);
                    Assert.That(SemVer.Compare(ordered[i], ordered[j]), Is.EqualTo(expected), $"Compare({ordered[i]}, {ordered[j]})");
                    Assert.That(SemVer.Compare(ordered[i].AsSpan(), ordered[j].AsSpan()), Is.EqualTo(expected), $"Compare(span {ordered[i]}, {ordered[j]})");
                }
            }
        });
    }

    [TestCase("v1", "v1.0.0")]
    [TestCase("v1.2", "v1.2.0+meta")]
    [TestCase("v1.0.0+a", "v1.0.0+b")]
    [TestCase("bad", "worse")]
    [TestCase("", "v1.2.3.4")]
    public void Compare_TreatsAsEqual(string v, string w)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.Compare(v, w), Is.Zero);
            Assert.That(SemVer.Compare(w, v), Is.Zero);
            Assert.That(SemVerComparer.Instance.Compare(v, w), Is.Zero);
            Assert.That(SemVerComparer.TotalOrder.Compare(v, w), Is.EqualTo(Math.Sign(string.CompareOrdinal(v, w))));
        });
    }

    [Test]
    public void Max_CanonicalizesAndPrefersTheSecondOnTies()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SemVer.Max("v1.0.0+a", "v1"), Is.EqualTo("v1.0.0"));
            Assert.That(SemVer.Max("v2", "v1.9.9"), Is.EqualTo("v2.0.0"));
            Assert.That(SemVer.Max("v1.0.0", "junk"), Is.EqualTo("v1.0.0"));
            Assert.That(SemVer.Max("junk", "v1.0.0-pre+b"), Is.EqualTo("v1.0.0-pre"));
            Assert.That(SemVer.Max("junk", "trash"), Is.Empty);
        });
    }

    [Test]
    public void TotalOrder_BreaksTiesInUtf8ByteOrder()
    {
        // Both invalid, so only the text decides. In UTF-8 (Go's order) U+10000 sorts after U+FFFD,
        // although its first UTF-16 code unit (0xD800) is smaller than 0xFFFD.
        const string supplementary = "\U00010000";
        const string replacement = "\uFFFD";
        Assert.Multiple(() =>
        {
            Assert.That(SemVerComparer.TotalOrder.Compare(supplementary, replacement), Is.Positive);
            Assert.That(SemVerComparer.TotalOrder.Compare(replacement, supplementary), Is.Negative);
            Assert.That(SemVerComparer.TotalOrder.Compare("a", "ab"), Is.Negative);
            Assert.That(SemVerComparer.TotalOrder.Compare(null, ""), Is.Zero);
            Assert.That(SemVerComparer.TotalOrder.Compare("v1.0.0+b", "v1.0.0+a"), Is.Positive);
            Assert.That(SemVerComparer.TotalOrder.Compare("v1.0.0", "v1"), Is.Positive);
        });
    }

    [Test]
    public void Sort_ListAndSpanAgree()
    {
        string[] input = ["v1.0.0+b", "x", "v1", "v0.9.0", "v1.0.0", "v1.0.0+a", "", "v1.0.0-rc.1", "v1.0"];
        string[] expected = ["", "x", "v0.9.0", "v1.0.0-rc.1", "v1", "v1.0", "v1.0.0", "v1.0.0+a", "v1.0.0+b"];
        var list = input.ToList();
        var array = input.ToArray();
        SemVer.Sort(list);
        SemVer.Sort(array.AsSpan());
        Assert.Multiple(() =>
        {
            Assert.That(list, Is.EqualTo(expected));
            Assert.That(array, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Sort_RejectsNullList()
    {
        Assert.Throws<ArgumentNullException>(() => SemVer.Sort((List<string>)null!));
    }

    [Test]
    public void HotPaths_DoNotAllocateForValidInput()
    {
        var v = new string("v1.22.333-rc.1.x+build.5".AsSpan());
        var w = new string("v1.22.333-rc.1.y".AsSpan());
        var canonical = new string("v1.22.333-rc.1".AsSpan());

        // Warm up so that JIT work is not counted.
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.Not.Zero);
            Assert.That(allocated, Is.Zero);
        });

        int Run()
        {
            var s = 0;
            for (var i = 0; i < 100; i++)
            {
                s += SemVer.IsValid(v) ? 1 : 0;
                s += SemVer.Compare(v, w);
                s += SemVerComparer.TotalOrder.Compare(v, w);
                s += SemVer.Major(v).Length;
                s += SemVer.Major(v.AsSpan()).Length;
                s += SemVer.Build(v.AsSpan()).Length;
                s += SemVer.Prerelease(v.AsSpan()).Length;
                s += SemVer.Canonical(canonical).Length;
                s += SemVer.IsCanonical(canonical) ? 1 : 0;
                s += PseudoVersion.IsPseudoVersion(v) ? 1 : 0;
            }

            return s;
        }
    }
}
