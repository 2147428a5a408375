using System.Globalization;
using System.Text;

namespace GoModules.Tests;

/// <summary>Rules of <see cref="ModulePath"/> that the conformance vectors do not reach.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModulePathTests
{
    [TestCase("", ModulePathKind.Module, PathErrorKind.EmptyString)]
    [TestCase("", ModulePathKind.File, PathErrorKind.EmptyString)]
    [TestCase("/example.com", ModulePathKind.Module, PathErrorKind.EmptyElement)]
    [TestCase("/a/b", ModulePathKind.File, PathErrorKind.EmptyElement)]
    [TestCase("-x/y", ModulePathKind.Import, PathErrorKind.LeadingDash)]
    [TestCase("a//b/", ModulePathKind.File, PathErrorKind.DoubleSlash)]
    [TestCase("a/b/", ModulePathKind.File, PathErrorKind.TrailingSlash)]
    [TestCase("a/../b", ModulePathKind.File, PathErrorKind.DotsOnlyElement)]
    [TestCase("example.com/.x", ModulePathKind.Module, PathErrorKind.LeadingDot)]
    [TestCase("a/b.", ModulePathKind.File, PathErrorKind.TrailingDot)]
    [TestCase("a/b:c", ModulePathKind.File, PathErrorKind.InvalidChar)]
    [TestCase("a/LpT7.tar.gz", ModulePathKind.File, PathErrorKind.WindowsReservedName)]
    [TestCase("a/b~12.go", ModulePathKind.Import, PathErrorKind.WindowsShortName)]
    [TestCase("localhost/m", ModulePathKind.Module, PathErrorKind.MissingDotFirstElement)]
    [TestCase("my_host.com/m", ModulePathKind.Module, PathErrorKind.InvalidCharFirstElement)]
    [TestCase("example.com/m/v1", ModulePathKind.Module, PathErrorKind.BadMajorSuffix)]
    [TestCase("gopkg.in/yaml", ModulePathKind.Module, PathErrorKind.BadMajorSuffix)]
    public void EachRuleIsReportedWithItsReason(string path, ModulePathKind kind, PathErrorKind reason)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.TryCheck(path, kind, out var charReason), Is.False);
            Assert.That(charReason, Is.EqualTo(reason));
            Assert.That(ModulePath.TryCheck(Encoding.UTF8.GetBytes(path), kind, out var byteReason), Is.False);
            Assert.That(byteReason, Is.EqualTo(reason));
            var ex = Assert.Throws<InvalidModulePathException>(() => ModulePath.Check(path, kind))!;
            Assert.That(ex.Reason, Is.EqualTo(reason));
            Assert.That(ex.Kind, Is.EqualTo(kind));
            Assert.That(ex.Path, Is.SameAs(path));
        }
    }

    [TestCase("-leading-dash.go")]
    [TestCase("PROGRA~1/x.go")]
    [TestCase("x/file@2.go")]
    [TestCase("a b/c (1)/{x}[y]@z^$#%&!=,+.go")]
    public void FilePathsAllowWhatImportPathsDoNot(string path)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.TryCheckFilePath(path, out var reason), Is.True, reason.ToString());
            Assert.That(ModulePath.TryCheckImportPath(path, out _), Is.False);
        }
    }

    [Test]
    public void NamedChecksApplyTheirKind()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.TryCheckPath("example.com/x+y", out var module), Is.False);
            Assert.That(module, Is.EqualTo(PathErrorKind.InvalidChar));
            Assert.That(ModulePath.TryCheckImportPath("example.com/x+y", out _), Is.True);
            Assert.That(ModulePath.TryCheckPath("example.com/x+y"u8, out _), Is.False);
            Assert.That(ModulePath.TryCheckImportPath("example.com/x+y"u8, out _), Is.True);
            Assert.That(ModulePath.TryCheckFilePath("x/é.go"u8, out _), Is.True);
            Assert.DoesNotThrow(() => ModulePath.CheckPath("example.com/m/v2"));
            Assert.DoesNotThrow(() => ModulePath.CheckPath("example.com/m/v2".AsSpan()));
            Assert.DoesNotThrow(() => ModulePath.CheckPath("example.com/m/v2"u8));
            Assert.DoesNotThrow(() => ModulePath.CheckImportPath("example.com/m/c++"));
            Assert.DoesNotThrow(() => ModulePath.CheckFilePath("dir/file name.go"));
            Assert.That(Assert.Throws<InvalidModulePathException>(() => ModulePath.CheckImportPath("a.com/x y"))!.Kind, Is.EqualTo(ModulePathKind.Import));
            Assert.That(Assert.Throws<InvalidModulePathException>(() => ModulePath.CheckFilePath("a/b\\c"u8))!.Kind, Is.EqualTo(ModulePathKind.File));
        }
    }

    // Attribute arguments cannot carry unpaired surrogates (they are stored as UTF-8), so build the text here.
    [TestCase("a", 0xD800, "b")]
    [TestCase("a", 0xDC00, "")]
    [TestCase("", 0xDBFF, "")]
    [TestCase("x/\U00010400", 0xDC00, "")]
    public void UnpairedSurrogatesCountAsInvalidUtf8(string before, int surrogate, string after)
    {
        var path = before + (char)surrogate + after;
        using (Assert.EnterMultipleScope())
        {
            foreach (var kind in Enum.GetValues<ModulePathKind>())
            {
                Assert.That(ModulePath.TryCheck(path, kind, out var reason), Is.False);
                Assert.That(reason, Is.EqualTo(PathErrorKind.InvalidUtf8), kind.ToString());
            }

            Assert.That(ModulePath.TryEscapeVersion(path, out _), Is.False);
            Assert.That(Assert.Throws<InvalidModuleVersionException>(() => ModulePath.EscapeVersion(path))!.Kind, Is.EqualTo(VersionErrorKinds.DisallowedVersion));
        }
    }

    [TestCase("x/\U00010400.go")] // Deseret capital long i: a letter outside the BMP.
    [TestCase("x/日本語/Ω/Ａ.txt")]
    [TestCase("x/\u00e9.go")] // precomposed é
    public void NonAsciiLettersAreAllowedInFilePaths(string path)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.TryCheckFilePath(path, out var reason), Is.True, reason.ToString());
            Assert.That(ModulePath.TryCheckFilePath(Encoding.UTF8.GetBytes(path), out reason), Is.True, reason.ToString());
            Assert.That(ModulePath.TryCheckImportPath(path, out reason), Is.False);
            Assert.That(reason, Is.EqualTo(PathErrorKind.InvalidChar));
        }
    }

    [TestCase("x/e\u0301.go")] // e + combining acute: a mark
    [TestCase("x/a\u00a0b")] // no-break space
    [TestCase("x/a\u200bb")] // zero-width space (format)
    [TestCase("x/\U0001F600")] // emoji
    [TestCase("x/\uFF01")] // fullwidth exclamation mark
    [TestCase("x/\u00b2")] // superscript two: a number, not a letter
    public void NonAsciiNonLettersAreRejectedInFilePaths(string path)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.TryCheckFilePath(path, out var reason), Is.False);
            Assert.That(reason, Is.EqualTo(PathErrorKind.InvalidChar));
            Assert.That(ModulePath.TryCheckFilePath(Encoding.UTF8.GetBytes(path), out reason), Is.False);
            Assert.That(reason, Is.EqualTo(PathErrorKind.InvalidChar));
        }
    }

    [TestCase(0x0870)] // Arabic letter alef with attached fatha, Unicode 14
    [TestCase(0x2C2F)] // Glagolitic capital letter caudate chrivi, Unicode 14
    [TestCase(0x10570)] // Vithkuqi capital letter a, Unicode 14
    public void LettersNewerThanUnicode13AreRejectedLikeGo119(int codePoint)
    {
        var rune = new Rune(codePoint);
        Assume.That(Rune.IsLetter(rune), Is.True, "the runtime's newer tables call it a letter");
        var path = "x/a" + rune.ToString() + ".go";
        Assert.That(ModulePath.TryCheckFilePath(path, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(PathErrorKind.InvalidChar));
    }

    [TestCase("con", false)]
    [TestCase("CoN.txt", false)]
    [TestCase("com0", true)]
    [TestCase("lpt10", true)]
    [TestCase("conin$", true)]
    [TestCase("com\u00b9", true)] // COM + superscript one: Go 1.19 does not reserve it
    [TestCase("x.con", true)]
    public void WindowsReservedNamesLookOnlyBeforeTheFirstDot(string element, bool valid)
    {
        // File paths allow '$' and superscripts are rejected as non-letters there, so use the import kind for them.
        var kind = element.Contains('\u00b9', StringComparison.Ordinal) ? ModulePathKind.Import : ModulePathKind.File;
        var ok = ModulePath.TryCheck("dir/" + element, kind, out var reason);
        if (valid)
        {
            Assert.That(reason, Is.Not.EqualTo(PathErrorKind.WindowsReservedName));
        }
        else
        {
            Assert.That((ok, reason), Is.EqualTo((false, PathErrorKind.WindowsReservedName)));
        }
    }

    [TestCase("example.com/a//b", ModulePathKind.Module, "malformed module path \"example.com/a//b\": double slash")]
    [TestCase("a.com/x y", ModulePathKind.Import, "malformed import path \"a.com/x y\": invalid char ' '")]
    [TestCase("a/b\tc", ModulePathKind.File, "malformed file path \"a/b\\tc\": invalid char '\\t'")]
    [TestCase("a/b\u200bc", ModulePathKind.File, "malformed file path \"a/b\\u200bc\": invalid char '\\u200b'")]
    [TestCase("a/it's", ModulePathKind.File, "malformed file path \"a/it's\": invalid char '\\''")]
    [TestCase("a/\"q\"", ModulePathKind.File, "malformed file path \"a/\\\"q\\\"\": invalid char '\"'")]
    [TestCase("a/../b", ModulePathKind.File, "malformed file path \"a/../b\": invalid path element \"..\"")]
    [TestCase("a/Aux.c", ModulePathKind.File, "malformed file path \"a/Aux.c\": \"Aux\" disallowed as path element component on Windows")]
    [TestCase("a.com/b~1", ModulePathKind.Module, "malformed module path \"a.com/b~1\": trailing tilde and digits in path element")]
    [TestCase("A.com/b", ModulePathKind.Module, "malformed module path \"A.com/b\": invalid char 'A' in first path element")]
    [TestCase("localhost", ModulePathKind.Module, "malformed module path \"localhost\": missing dot in first path element")]
    [TestCase("a.com/m/v1", ModulePathKind.Module, "malformed module path \"a.com/m/v1\": invalid version")]
    [TestCase("a.com/.m", ModulePathKind.Module, "malformed module path \"a.com/.m\": leading dot in path element")]
    [TestCase("/a", ModulePathKind.File, "malformed file path \"/a\": empty path element")]
    [TestCase("", ModulePathKind.Import, "malformed import path \"\": empty string")]
    public void MessagesUseGoWording(string path, ModulePathKind kind, string message)
    {
        Assert.That(Assert.Throws<InvalidModulePathException>(() => ModulePath.Check(path, kind))!.Message, Is.EqualTo(message));
    }

    [Test]
    public void MessagesShowBrokenUtf8AsHexEscapes()
    {
        byte[] utf8 = [(byte)'a', (byte)'/', 0xff, 0xfe];
        var ex = Assert.Throws<InvalidModulePathException>(() => ModulePath.CheckFilePath(utf8))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Message, Is.EqualTo("malformed file path \"a/\\xff\\xfe\": invalid UTF-8"));
            Assert.That(ex.Reason, Is.EqualTo(PathErrorKind.InvalidUtf8));
            Assert.That(ex.Path, Is.EqualTo("a/\uFFFD\uFFFD"));
        }
    }

    [Test]
    public void ValidPathsAreCheckedWithoutAllocating()
    {
        const string path = "github.com/aws/aws-sdk-go-v2/service/s3";
        var utf8 = Encoding.UTF8.GetBytes(path);
        const string files = "x/日本語/file name (1).go";
        RunAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);

        void RunAll()
        {
            for (var i = 0; i < 10; i++)
            {
                ModulePath.TryCheckPath(path, out _);
                ModulePath.TryCheckPath(utf8, out _);
                ModulePath.TryCheckImportPath(path, out _);
                ModulePath.TryCheckFilePath(files, out _);
                ModulePath.CheckPath(path);
                ModulePath.TryCheckPath("example.com/m/v1", out _);
                _ = ModulePath.EscapePath(path);
                _ = ModulePath.UnescapePath(path);
                _ = ModulePath.EscapeVersion("v1.2.3-pre");
                _ = ModulePath.UnescapeVersion("v1.2.3-pre");
                _ = ModulePath.MatchPathMajor("v2.0.1", "/v2");
                _ = ModulePath.TryParse(path, out _);
            }
        }
    }

    [Test]
    public void EscapingWithNothingToChangeReturnsTheSameInstance()
    {
        var path = new StringBuilder("golang.org/x/mod").ToString();
        var version = new StringBuilder("v0.7.0").ToString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.EscapePath(path), Is.SameAs(path));
            Assert.That(ModulePath.UnescapePath(path), Is.SameAs(path));
            Assert.That(ModulePath.EscapeVersion(version), Is.SameAs(version));
            Assert.That(ModulePath.UnescapeVersion(version), Is.SameAs(version));
            Assert.That(ModulePath.Parse(path).Escape(), Is.SameAs(path));
            Assert.That(ModulePath.Parse(path).Value, Is.SameAs(path));
        }
    }

    [TestCase("github.com/Azure/azure-sdk-for-go", "github.com/!azure/azure-sdk-for-go")]
    [TestCase("github.com/GoogleCloudPlatform/cloudsql-proxy", "github.com/!google!cloud!platform/cloudsql-proxy")]
    [TestCase("example.com/ABC/v2", "example.com/!a!b!c/v2")]
    [TestCase("gopkg.in/Yaml.v3", "gopkg.in/!yaml.v3")]
    public void EscapedPathsRoundTrip(string path, string escaped)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.EscapePath(path), Is.EqualTo(escaped));
            Assert.That(ModulePath.TryEscapePath(path, out var e2) ? e2 : null, Is.EqualTo(escaped));
            Assert.That(ModulePath.UnescapePath(escaped), Is.EqualTo(path));
            Assert.That(ModulePath.Unescape(escaped), Is.EqualTo(ModulePath.Parse(path)));
            Assert.That(ModulePath.TryUnescape(escaped, out var p) ? p.Value : null, Is.EqualTo(path));
            Assert.That(escaped.Any(char.IsUpper), Is.False);
        }
    }

    [Test]
    public void BadEscapesAreReportedAsSuch()
    {
        var ex = Assert.Throws<InvalidModulePathException>(() => ModulePath.UnescapePath("github.com/!Azure"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Reason, Is.EqualTo(PathErrorKind.BadEscape));
            Assert.That(ex.Path, Is.EqualTo("github.com/!Azure"));
            Assert.That(ex.InnerException, Is.Null);
            Assert.That(ex.Message, Is.EqualTo("invalid escaped module path \"github.com/!Azure\""));
            Assert.That(ModulePath.TryUnescapePath("x.com/a!", out _), Is.False);
            Assert.That(ModulePath.TryUnescape("x.com/é", out var none), Is.False);
            Assert.That(none, Is.EqualTo(default(ModulePath)));
        }
    }

    [Test]
    public void UnescapedPathsMustBeValidModulePaths()
    {
        var ex = Assert.Throws<InvalidModulePathException>(() => ModulePath.UnescapePath("!example.com/m"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Reason, Is.EqualTo(PathErrorKind.InvalidCharFirstElement));
            Assert.That(ex.InnerException, Is.TypeOf<InvalidModulePathException>());
            Assert.That(((InvalidModulePathException)ex.InnerException!).Path, Is.EqualTo("Example.com/m"));
            Assert.That(ex.Message, Is.EqualTo(
                "invalid escaped module path \"!example.com/m\": malformed module path \"Example.com/m\": invalid char 'E' in first path element"));
        }
    }

    [TestCase("v1.0.0-RC1", "v1.0.0-!r!c1")]
    [TestCase("master", "master")]
    [TestCase("HEAD", "!h!e!a!d")]
    [TestCase(".hidden", ".hidden")]
    public void VersionsEscapeAndRoundTrip(string version, string escaped)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.EscapeVersion(version), Is.EqualTo(escaped));
            Assert.That(ModulePath.TryEscapeVersion(version, out var e2) ? e2 : null, Is.EqualTo(escaped));
            Assert.That(ModulePath.UnescapeVersion(escaped), Is.EqualTo(version));
            Assert.That(ModulePath.TryUnescapeVersion(escaped, out var v2) ? v2 : null, Is.EqualTo(version));
        }
    }

    [TestCase("v1/2", VersionErrorKinds.DisallowedVersion, "version \"v1/2\" invalid: disallowed version string")]
    [TestCase("v1!", VersionErrorKinds.DisallowedVersion, "version \"v1!\" invalid: disallowed version string")]
    [TestCase("nul", VersionErrorKinds.DisallowedVersion, "version \"nul\" invalid: disallowed version string")]
    [TestCase("", VersionErrorKinds.DisallowedVersion, "version \"\" invalid: disallowed version string")]
    [TestCase("v1.0.0-é", VersionErrorKinds.NonAsciiVersion, "internal error: inconsistency in EscapePath")]
    public void UnescapableVersionsAreRejected(string version, string kind, string message)
    {
        var ex = Assert.Throws<InvalidModuleVersionException>(() => ModulePath.EscapeVersion(version))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Kind, Is.EqualTo(kind));
            Assert.That(ex.Version, Is.EqualTo(version));
            Assert.That(ex.Message, Is.EqualTo(message));
            Assert.That(ModulePath.TryEscapeVersion(version, out var escaped), Is.False);
            Assert.That(escaped, Is.Null);
        }
    }

    [Test]
    public void BadEscapedVersionsAreRejected()
    {
        using (Assert.EnterMultipleScope())
        {
            var bad = Assert.Throws<InvalidModuleVersionException>(() => ModulePath.UnescapeVersion("v1.0.0-RC1"))!;
            Assert.That(bad.Kind, Is.EqualTo(VersionErrorKinds.BadEscape));
            Assert.That(bad.Message, Is.EqualTo("invalid escaped version \"v1.0.0-RC1\""));

            var invalid = Assert.Throws<InvalidModuleVersionException>(() => ModulePath.UnescapeVersion("!c!o!n"))!;
            Assert.That(invalid.Kind, Is.EqualTo(VersionErrorKinds.InvalidUnescapedVersion));
            Assert.That(invalid.Version, Is.EqualTo("!c!o!n"));
            Assert.That(invalid.Message, Is.EqualTo("invalid escaped version \"CON\": \"CON\" disallowed as path element component on Windows"));
            Assert.That(invalid.InnerException, Is.TypeOf<InvalidModulePathException>());
            Assert.That(((InvalidModulePathException)invalid.InnerException!).Reason, Is.EqualTo(PathErrorKind.WindowsReservedName));
            Assert.That(ModulePath.TryUnescapeVersion("!c!o!n", out _), Is.False);
        }
    }

    [TestCase("example.com/m", "example.com/m", "", true)]
    [TestCase("example.com/m/v2", "example.com/m", "/v2", true)]
    [TestCase("example.com/m/v10", "example.com/m", "/v10", true)]
    [TestCase("example.com/m/v1", "example.com/m/v1", "", false)]
    [TestCase("example.com/m/v02", "example.com/m/v02", "", false)]
    [TestCase("example.com/m/v2.0", "example.com/m/v2.0", "", false)]
    [TestCase("example.com/m/V2", "example.com/m/V2", "", true)]
    [TestCase("v2", "v2", "", true)]
    [TestCase("/v2", "", "/v2", true)]
    [TestCase("gopkg.in/yaml.v1", "gopkg.in/yaml", ".v1", true)]
    [TestCase("gopkg.in/yaml.v0", "gopkg.in/yaml", ".v0", true)]
    [TestCase("gopkg.in/yaml.v2-unstable", "gopkg.in/yaml", ".v2-unstable", true)]
    [TestCase("gopkg.in/yaml.v-unstable", "gopkg.in/yaml", ".v-unstable", true)]
    [TestCase("gopkg.in/yaml.v01", "gopkg.in/yaml.v01", "", false)]
    [TestCase("gopkg.in/yaml", "gopkg.in/yaml", "", false)]
    [TestCase("gopkg.in", "gopkg.in", "", true)]
    public void SplitPathVersionFindsTheMajorSuffix(string path, string prefix, string pathMajor, bool ok)
    {
        Assert.That(ModulePath.SplitPathVersion(path), Is.EqualTo((prefix, pathMajor, ok)));
        if (ModulePath.TryParse(path, out var parsed))
        {
            Assert.That(parsed.PathMajor, Is.EqualTo(pathMajor));
        }
    }

    [TestCase("", "")]
    [TestCase("/v2", "v2")]
    [TestCase(".v0", "v0")]
    [TestCase(".v3-unstable", "v3")]
    public void PathMajorPrefixDropsTheSeparator(string pathMajor, string prefix)
    {
        Assert.That(ModulePath.PathMajorPrefix(pathMajor), Is.EqualTo(prefix));
    }

    [TestCase("v2")]
    [TestCase("/v02")]
    [TestCase("/v2.1")]
    [TestCase(".v-unstable")]
    [TestCase("/v")]
    public void PathMajorPrefixRejectsMalformedSuffixes(string pathMajor)
    {
        var ex = Assert.Throws<ArgumentException>(() => ModulePath.PathMajorPrefix(pathMajor))!;
        Assert.That(ex.ParamName, Is.EqualTo("pathMajor"));
    }

    [TestCase("v1.5.0", "", true)]
    [TestCase("v0.0.0-20180101000000-abcdefabcdef", "", true)]
    [TestCase("v2.0.0+incompatible", "", true)]
    [TestCase("v2.0.0", "", false)]
    [TestCase("v2.3.4", "/v2", true)]
    [TestCase("v3.0.0+incompatible", "/v2", false)]
    [TestCase("v0.0.0-20180101000000-abcdefabcdef", ".v1", true)]
    [TestCase("v0.0.0-20180101000000-abcdefabcdef", "/v2", false)]
    [TestCase("v2.0.0", ".v2-unstable", true)]
    [TestCase("garbage", "", false)]
    public void MatchPathMajorFollowsGo(string version, string pathMajor, bool match)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.MatchPathMajor(version, pathMajor), Is.EqualTo(match));
            if (match)
            {
                Assert.DoesNotThrow(() => ModulePath.CheckPathMajor(version, pathMajor));
            }
            else
            {
                var ex = Assert.Throws<InvalidModuleVersionException>(() => ModulePath.CheckPathMajor(version, pathMajor))!;
                Assert.That(ex.Kind, Is.EqualTo(VersionErrorKinds.MajorVersionMismatch));
            }
        }
    }

    [Test]
    public void CheckPathMajorUsesGoWording()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                Assert.Throws<InvalidModuleVersionException>(() => ModulePath.CheckPathMajor("v3.0.0", "/v2"))!.Message,
                Is.EqualTo("version \"v3.0.0\" invalid: should be v2, not v3"));
            Assert.That(
                Assert.Throws<InvalidModuleVersionException>(() => ModulePath.CheckPathMajor("v2.0.0", ""))!.Message,
                Is.EqualTo("version \"v2.0.0\" invalid: should be v0 or v1, not v2"));
        }
    }

    [Test]
    public void DefaultValueIsEmptyAndCannotBeEscaped()
    {
        var path = default(ModulePath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(path.Value, Is.Empty);
            Assert.That(path.ToString(), Is.Empty);
            Assert.That(path.PathMajor, Is.Empty);
            Assert.That(path, Is.EqualTo(default(ModulePath)));
            Assert.That(path.GetHashCode(), Is.Zero);
            Assert.That(Assert.Throws<InvalidModulePathException>(() => path.Escape())!.Reason, Is.EqualTo(PathErrorKind.EmptyString));
            Assert.That(path.CompareTo(ModulePath.Parse("a.com")), Is.Negative);
        }
    }

    [Test]
    public void ParsingChecksTheModulePathRules()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModulePath.Parse("golang.org/x/mod").Value, Is.EqualTo("golang.org/x/mod"));
            Assert.That(ModulePath.Parse("golang.org/x/mod".AsSpan()).Value, Is.EqualTo("golang.org/x/mod"));
            Assert.That(Assert.Throws<InvalidModulePathException>(() => ModulePath.Parse("golang.org/x/mod/v1"))!.Reason, Is.EqualTo(PathErrorKind.BadMajorSuffix));
            Assert.Throws<InvalidModulePathException>(() => ModulePath.Parse("Golang.org/x".AsSpan()));
            Assert.Throws<ArgumentNullException>(() => ModulePath.Parse(null!));
            Assert.That(ModulePath.TryParse((string?)null, out _), Is.False);
            Assert.That(ModulePath.TryParse("x", out var bad), Is.False);
            Assert.That(bad, Is.EqualTo(default(ModulePath)));
            Assert.That(ModulePath.TryParse("example.com/a~b".AsSpan(), out var good), Is.True);
            Assert.That(good.Value, Is.EqualTo("example.com/a~b"));
            Assert.That(ParseGeneric<ModulePath>("rsc.io/quote/v3").PathMajor, Is.EqualTo("/v3"));
            Assert.That(SpanParseGeneric<ModulePath>("rsc.io/quote").Value, Is.EqualTo("rsc.io/quote"));
        }
    }

    [Test]
    public void EqualityAndOrderingAreOrdinal()
    {
        var upper = ModulePath.Parse("example.com/M");
        var lower = ModulePath.Parse("example.com/m");
        var other = ModulePath.Parse(new StringBuilder("example.com/m").ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lower == other, Is.True);
            Assert.That(lower.Equals((object)other), Is.True);
            Assert.That(lower.GetHashCode(), Is.EqualTo(other.GetHashCode()));
            Assert.That(upper != lower, Is.True);
            Assert.That(upper < lower, Is.True);
            Assert.That(upper <= lower, Is.True);
            Assert.That(lower > upper, Is.True);
            Assert.That(lower >= other, Is.True);
            Assert.That(lower.CompareTo((object?)null), Is.Positive);
            Assert.That(lower.CompareTo((object)upper), Is.Positive);
            Assert.Throws<ArgumentException>(() => lower.CompareTo("example.com/m"));
        }
    }

    [Test]
    public void FormattingCopiesThePath()
    {
        var path = ModulePath.Parse("golang.org/x/mod");
        Span<char> small = stackalloc char[4];
        Span<char> large = stackalloc char[32];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(path.TryFormat(small, out var none), Is.False);
            Assert.That(none, Is.Zero);
            Assert.That(path.TryFormat(large, out var written), Is.True);
            Assert.That(large[..written].ToString(), Is.EqualTo("golang.org/x/mod"));
            Assert.That(string.Create(CultureInfo.InvariantCulture, $"{path}@v0.7.0"), Is.EqualTo("golang.org/x/mod@v0.7.0"));
        }
    }

    [Test]
    public void NullArgumentsAreRejected()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentNullException>(() => ModulePath.CheckPath((string)null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.CheckFilePath((string)null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.EscapePath(null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.UnescapePath(null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.EscapeVersion(null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.UnescapeVersion(null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.SplitPathVersion(null!));
            Assert.Throws<ArgumentNullException>(() => ModulePath.MatchPathMajor(null!, ""));
            Assert.Throws<ArgumentNullException>(() => ModulePath.PathMajorPrefix(null!));
            Assert.That(ModulePath.TryEscapePath(null, out _), Is.False);
            Assert.That(ModulePath.TryUnescapeVersion(null, out _), Is.False);
        }
    }

    private static T ParseGeneric<T>(string s)
        where T : IParsable<T> => T.Parse(s, CultureInfo.InvariantCulture);

    private static T SpanParseGeneric<T>(string s)
        where T : ISpanParsable<T> => T.TryParse(s.AsSpan(), CultureInfo.InvariantCulture, out var result) ? result : throw new FormatException(s);
}
