using GoModules.ModFile;

namespace GoModules.Tests.ModFile;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoModFileTests
{
    private static GoModFile Parse(string text, GoModParseMode mode = GoModParseMode.Strict)
        => GoModFile.Parse("go.mod", GoModCorpus.Bytes(text), mode);

    private static string Error(string text, GoModParseMode mode = GoModParseMode.Strict)
    {
        var ex = Assert.Throws<GoModParseException>(() => Parse(text, mode));
        return ex!.Message;
    }

    [Test]
    public void RequireBlock_ReadsPathsVersionsAndIndirectMarkers()
    {
        var file = Parse(GoModCorpus.Go119.Single(c => c.Name == "require-block").Text);
        Assert.Multiple(() =>
        {
            Assert.That(file.Module!.Path, Is.EqualTo("example.com/m"));
            Assert.That(file.GoVersion, Is.EqualTo("1.19"));
            Assert.That(file.Require.Select(r => r.ToString()), Is.EqualTo(new[]
            {
                "example.com/a v1.0.0",
                "example.com/b v1.2.0",
                "example.com/c v0.0.0-20200101000000-abcdefabcdef",
                "example.com/d v2.0.0+incompatible",
            }));
            Assert.That(file.Require.Select(r => r.Indirect), Is.EqualTo(new[] { false, true, true, false }));
            Assert.That(file.Require.Select(r => r.Line), Is.EqualTo(new[] { 6, 7, 8, 9 }));
        });
    }

    [Test]
    public void IndirectMarker_FollowsGoFieldRules()
    {
        var file = Parse(GoModCorpus.Go119.Single(c => c.Name == "indirect-variants").Text);
        Assert.That(
            file.Require.Select(r => r.Path + "=" + r.Indirect),
            Is.EqualTo(new[] { "a.com/a=True", "a.com/b=False", "a.com/c=False", "a.com/d=False", "a.com/e=True", "a.com/f=False" }));
    }

    [Test]
    public void QuotedStrings_AreUnquotedWithGoEscapes_RawStringsAreRefused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse("module \"example.com/q\"\n").Module!.Path, Is.EqualTo("example.com/q"));
            Assert.That(Parse("module \"example.com/\\x41\\u00e9\\101\"\n").Module!.Path, Is.EqualTo("example.com/AéA"));
            Assert.That(Error("module `example.com/raw`\n"), Is.EqualTo("go.mod:1: invalid quoted string: unquoted string cannot contain quote"));
            Assert.That(Error("module \"a\\q\"\n"), Is.EqualTo("go.mod:1: invalid quoted string: invalid syntax"));
            Assert.That(Error("module \"a\\400\"\n"), Is.EqualTo("go.mod:1: invalid quoted string: invalid syntax"));
            Assert.That(Error("module \"a\\ud800\"\n"), Is.EqualTo("go.mod:1: invalid quoted string: invalid syntax"));
        });
    }

    [Test]
    public void Replace_AllForms()
    {
        var file = Parse(GoModCorpus.Go119.Single(c => c.Name == "replace-forms").Text);
        Assert.Multiple(() =>
        {
            Assert.That(file.Replace.Select(r => r.ToString()), Is.EqualTo(new[]
            {
                "example.com/a => ../a",
                "example.com/b v1.0.0 => example.com/c v1.1.0",
                "example.com/d => /abs/d",
                "example.com/e v1.2.3 => ./e",
                "example.com/f => example.com/g v1.0.0",
            }));
            Assert.That(file.Replace.Select(r => r.IsDirectory), Is.EqualTo(new[] { true, false, true, true, false }));
        });
    }

    [TestCase("replace-usage", "go.mod:2: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory")]
    [TestCase("replace-at", "go.mod:2: replacement module must match format 'path version', not 'path@version'")]
    [TestCase("replace-no-version", "go.mod:2: replacement module without version must be directory path (rooted or starting with . or ..)")]
    [TestCase("replace-dir-version", "go.mod:2: replacement module directory path \"./b\" cannot have version")]
    [TestCase("replace-major", "go.mod:2: replace example.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1")]
    [TestCase("replace-bad-old-path", "go.mod:2: replace example.com/a/v1: invalid module path")]
    [TestCase("require-bad-version", "go.mod:2: require example.com/a: version \"master\" invalid: must be of the form v1.2.3")]
    [TestCase("require-bad-version-in-block", "go.mod:3:2: require example.com/a: version \"latest\" invalid: must be of the form v1.2.3")]
    [TestCase("require-major-mismatch", "go.mod:2: require example.com/a/v2: version \"v1.0.0\" invalid: should be v2, not v1")]
    [TestCase("require-major-mismatch-v3", "go.mod:2: require example.com/a: version \"v3.0.0\" invalid: should be v0 or v1, not v3")]
    [TestCase("require-gopkg-bad", "go.mod:2: require gopkg.in/yaml.v2: version \"v3.0.0\" invalid: should be v2, not v3")]
    [TestCase("require-bad-path", "go.mod:2: invalid module path")]
    [TestCase("require-usage", "go.mod:2: usage: require module/path v1.2.3")]
    [TestCase("module-twice", "go.mod:2: repeated module statement")]
    [TestCase("module-no-arg", "go.mod:1: usage: module module/path")]
    [TestCase("go-twice", "go.mod:3: repeated go statement")]
    [TestCase("go-no-args", "go.mod:2: go directive expects exactly one argument")]
    [TestCase("go-leading-zero", "go.mod:2: invalid go version '1.019': must match format 1.23.0")]
    [TestCase("retract-errors-1", "go.mod:2: expected '[' or version")]
    [TestCase("retract-errors-2", "go.mod:2: expected ',' after version")]
    [TestCase("retract-errors-3", "go.mod:2: expected version after ','")]
    [TestCase("retract-errors-4", "go.mod:2: expected ']' after version")]
    [TestCase("retract-errors-5", "go.mod:2: expected ',' after version")]
    [TestCase("retract-errors-6", "go.mod:2: unexpected token after version: \"extra\"")]
    [TestCase("retract-errors-7", "go.mod:2: expected '[' or version")]
    [TestCase("retract-errors-8", "go.mod:2: expected version after '['")]
    [TestCase("unknown-directive", "go.mod:2: unknown directive: frobnicate")]
    [TestCase("unknown-block", "go.mod:2: unknown block type: frobnicate")]
    [TestCase("block-with-two-tokens", "go.mod:2: unknown block type: require x")]
    [TestCase("go-block", "go.mod:2: unknown block type: go")]
    [TestCase("unterminated-block", "go.mod:4: syntax error (unterminated block started at go.mod:2:1)")]
    [TestCase("close-paren-trailing", "go.mod:4:4: syntax error (expected newline after closing paren)")]
    [TestCase("stray-close-paren", "go.mod:2: unknown directive: )")]
    [TestCase("block-comment", "go.mod:2: mod files must use // comments (not /* */ comments)")]
    [TestCase("block-comment-in-ident", "go.mod:1:15: mod files must use // comments (not /* */ comments)")]
    [TestCase("newline-in-string", "go.mod:1:16: unexpected newline in string")]
    [TestCase("eof-in-string", "go.mod:1:8: unexpected EOF in string")]
    [TestCase("bad-char", "go.mod:2: unexpected input character '\\x01'")]
    [TestCase("bad-char-vt", "go.mod:1:15: unexpected input character '\\v'")]
    [TestCase("nbsp", "go.mod:1:15: unexpected input character '\\u00a0'")]
    [TestCase("multiple-errors", "go.mod:2: unknown directive: foo\ngo.mod:3: usage: require module/path v1.2.3\ngo.mod:4: unknown directive: bar")]
    [TestCase("tab-indented-error", "go.mod:3:2: require a.com/a: version \"bad\" invalid: must be of the form v1.2.3")]
    public void StrictErrors_UseGoWordingAndPositions(string name, string message)
    {
        Assert.That(Error(GoModCorpus.Go119.Single(c => c.Name == name).Text), Is.EqualTo(message));
    }

    [Test]
    public void ParseException_ListsEveryDirectiveError()
    {
        var ex = Assert.Throws<GoModParseException>(() => Parse("module m.com/x\nfoo\nrequire a.com/a v1.0.0 x\n"));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Has.Count.EqualTo(2));
            Assert.That(ex.Errors[1].Verb, Is.Empty);
            Assert.That(ex.Errors[1].Line, Is.EqualTo(3));
            Assert.That(ex.Errors[1].Reason, Is.EqualTo("usage: require module/path v1.2.3"));
            Assert.That(ex, Is.InstanceOf<FormatException>());
        });
        var mismatch = Assert.Throws<GoModParseException>(() => Parse("module m.com/x\nrequire (\n\ta.com/a/v2 v1.0.0\n)\n"));
        Assert.Multiple(() =>
        {
            Assert.That(mismatch!.Errors[0].Verb, Is.EqualTo("require"));
            Assert.That(mismatch.Errors[0].ModulePath, Is.EqualTo("a.com/a/v2"));
            Assert.That(mismatch.Errors[0].Column, Is.EqualTo(2));
        });
    }

    [Test]
    public void TryParse_DoesNotThrowForBadContent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoModFile.TryParse("x/go.mod", "module \"x"u8, GoModParseMode.Strict, out var file, out var errors), Is.False);
            Assert.That(file, Is.Null);
            Assert.That(errors.Single().Message, Is.EqualTo("x/go.mod:1:8: unexpected EOF in string"));
            Assert.That(GoModFile.TryParse("go.mod", "module x.com/y\n"u8, GoModParseMode.Lax, out file, out errors), Is.True);
            Assert.That(errors, Is.Empty);
            Assert.That(file!.Module!.Path, Is.EqualTo("x.com/y"));
        });
    }

    [Test]
    public void Retract_KeepsBoundsAsWrittenAndReadsRationales()
    {
        var file = Parse(GoModCorpus.Go119.Single(c => c.Name == "retract").Text);
        Assert.Multiple(() =>
        {
            Assert.That(file.Retract.Select(r => r.ToString()), Is.EqualTo(new[] { "v1.0.0", "[v1.1.0, v1.2.0]", "v1.3.0", "[v1.4.0, v1.5.0]" }));
            Assert.That(file.Retract.Select(r => r.Rationale), Is.EqualTo(new[] { "Bad release.", "broken range", "first", "" }));
            Assert.That(Parse("module m.com/x\nretract v1.0\n").Retract[0].Low, Is.EqualTo("v1.0"), "not canonicalized");
        });

        var block = Parse(GoModCorpus.Go119.Single(c => c.Name == "retract-block-comment").Text);
        Assert.That(block.Retract.Select(r => r.Rationale), Is.EqualTo(new[] { "Everything here is retracted.", "except this reason" }));
    }

    [TestCase("deprecated", "use example.com/new instead.")]
    [TestCase("deprecated-suffix", "gone")]
    [TestCase("deprecated-paragraph", "second paragraph\ncontinues here.")]
    [TestCase("deprecated-not-first", "")]
    [TestCase("deprecated-spaces", "padded")]
    [TestCase("deprecated-case", "")]
    [TestCase("deprecated-block", "block comment")]
    [TestCase("deprecated-blank-separated", "")]
    public void Deprecation_IsTheParagraphStartingWithDeprecated(string name, string message)
    {
        Assert.That(Parse(GoModCorpus.Go119.Single(c => c.Name == name).Text).Module!.Deprecated, Is.EqualTo(message));
    }

    [Test]
    public void Comments_AttachToTheRightLines()
    {
        var file = Parse(GoModCorpus.Go119.Single(c => c.Name == "comments-everywhere").Text);
        Assert.Multiple(() =>
        {
            Assert.That(file.Module!.Path, Is.EqualTo("m.com/x"));
            Assert.That(file.Require.Select(r => r.Path), Is.EqualTo(new[] { "a.com/a", "a.com/b" }));
            Assert.That(file.Require.Select(r => r.Line), Is.EqualTo(new[] { 9, 12 }));
        });
    }

    [Test]
    public void LaxMode_SkipsMainModuleOnlyAndUnknownDirectives()
    {
        var text = GoModCorpus.Go119.Single(c => c.Name == "main-only-in-lax").Text + "toolchain go1.21.0\ngodebug a=b\ntool x.com/t\nretract v1 junk\nretract [v1.0.0\n";
        var file = Parse(text, GoModParseMode.Lax);
        Assert.Multiple(() =>
        {
            Assert.That(file.GoVersion, Is.EqualTo("1.20"));
            Assert.That(file.Exclude, Is.Empty);
            Assert.That(file.Replace, Is.Empty);
            Assert.That(file.Toolchain, Is.Null);
            Assert.That(file.Godebug, Is.Empty);
            Assert.That(file.Tool, Is.Empty);
            Assert.That(file.Retract.Select(r => r.Low), Is.EqualTo(new[] { "v1" }), "a trailing token is fine, a malformed interval is skipped");
        });
    }

    [TestCase("1.21.0", "1.21.0")]
    [TestCase("1.22rc1", "1.22rc1")]
    [TestCase("v1.19x", "1.19")]
    [TestCase("1.19-custom", "1.19")]
    [TestCase("1.19.0.1", "1.19")]
    public void LaxMode_RepairsGoVersionsToTheirMajorMinorPrefix(string written, string read)
    {
        Assert.That(Parse("module m.com/x\ngo " + written + "\n", GoModParseMode.Lax).GoVersion, Is.EqualTo(read));
    }

    [TestCase("1.21.0")]
    [TestCase("1.22rc1")]
    [TestCase("1.23.4")]
    [TestCase("2.0")]
    public void StrictMode_AcceptsNewerGoVersionForms(string version)
    {
        Assert.That(Parse("module m.com/x\ngo " + version + "\n").GoVersion, Is.EqualTo(version));
    }

    [TestCase("1.19.0.1")]
    [TestCase("1.19-custom")]
    [TestCase("1.22RC1")]
    [TestCase("1.22rc")]
    [TestCase("0.1")]
    [TestCase("1")]
    [TestCase("v1.19")]
    public void StrictMode_RejectsMalformedGoVersions(string version)
    {
        Assert.That(Error("module m.com/x\ngo " + version + "\n"), Is.EqualTo($"go.mod:2: invalid go version '{version}': must match format 1.23.0"));
    }

    [Test]
    public void NewerDirectives_Toolchain_Godebug_Tool_Ignore()
    {
        var toolchain = Parse(GoModCorpus.Newer.Single(c => c.Name == "toolchain").Text);
        var godebug = Parse(GoModCorpus.Newer.Single(c => c.Name == "godebug").Text);
        var tools = Parse(GoModCorpus.Newer.Single(c => c.Name == "tool-ignore").Text);
        Assert.Multiple(() =>
        {
            Assert.That(toolchain.GoVersion, Is.EqualTo("1.21.0"));
            Assert.That(toolchain.Toolchain, Is.EqualTo("go1.21.3"));
            Assert.That(godebug.Godebug.Select(g => g.ToString()), Is.EqualTo(new[] { "default=go1.21", "panicnil=1", "asynctimerchan=0" }));
            Assert.That(godebug.Godebug[1].Key, Is.EqualTo("panicnil"));
            Assert.That(godebug.Godebug[1].Value, Is.EqualTo("1"));
            Assert.That(tools.Tool.Select(t => t.Path), Is.EqualTo(new[] { "example.com/cmd/x", "example.com/cmd/y" }));
            Assert.That(tools.Ignore.Select(t => t.Path), Is.EqualTo(new[] { "./node_modules" }));
        });
    }

    [TestCase("toolchain go1.21.0\ntoolchain go1.21.1\n", "go.mod:3: repeated toolchain statement")]
    [TestCase("toolchain\n", "go.mod:2: toolchain directive expects exactly one argument")]
    [TestCase("toolchain 1.21\n", "go.mod:2: invalid toolchain version '1.21': must match format go1.23.0 or default")]
    [TestCase("godebug a\n", "go.mod:2: usage: godebug key=value")]
    [TestCase("godebug a=b,c\n", "go.mod:2: usage: godebug key=value")]
    [TestCase("godebug a=b c=d\n", "go.mod:2: usage: godebug key=value")]
    [TestCase("tool\n", "go.mod:2: tool directive expects exactly one argument")]
    [TestCase("ignore a b\n", "go.mod:2: ignore directive expects exactly one argument")]
    [TestCase("toolchain (\n\tgo1.21.0\n)\n", "go.mod:2: unknown block type: toolchain")]
    public void NewerDirectives_Errors(string lines, string message)
    {
        Assert.That(Error("module m.com/x\n" + lines), Is.EqualTo(message));
    }

    [TestCase("default")]
    [TestCase("go1.21.0")]
    [TestCase("go1.22rc1")]
    [TestCase("go1")]
    [TestCase("go1.21.3-gccgo")]
    [TestCase("go1.")]
    public void Toolchain_AcceptedNames(string name)
    {
        Assert.That(Parse("module m.com/x\ntoolchain " + name + "\n").Toolchain, Is.EqualTo(name));
    }

    /// <summary>x/mod v0.11 and later: <c>^default$|^go1($|\.)</c>; the first Go 1.21 forms are gone.</summary>
    [TestCase("local")]
    [TestCase("gccgo-go1.21")]
    [TestCase("go1x")]
    [TestCase("go2.0")]
    [TestCase("Default")]
    public void Toolchain_RejectedNames(string name)
    {
        Assert.That(Error("module m.com/x\ntoolchain " + name + "\n"), Is.EqualTo($"go.mod:2: invalid toolchain version '{name}': must match format go1.23.0 or default"));
    }

    [TestCase(".")]
    [TestCase("..")]
    public void Replace_DotAndDotDot_AreDirectories(string target)
    {
        var file = Parse("module m.com/x\nreplace a.com/a => " + target + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(file.Replace.Single().NewPath, Is.EqualTo(target));
            Assert.That(file.Replace.Single().NewVersion, Is.Empty);
            Assert.That(GoModFile.IsDirectoryPath(target), Is.True);
        });
        Assert.That(Error("module m.com/x\nreplace a.com/a => " + target + " v1.0.0\n"), Does.Contain($"replacement module directory path \"{target}\" cannot have version"));
    }

    [TestCase("1.21.0")]
    [TestCase("1.21rc1")]
    public void LaxMode_KeepsPatchAndPrereleaseGoVersionsExact(string version)
    {
        Assert.That(GoModFile.Parse("go.mod", GoModCorpus.Bytes("module m.com/x\ngo " + version + "\n"), GoModParseMode.Lax).GoVersion, Is.EqualTo(version));
    }

    [Test]
    public void MissingModuleLine_IsFine()
    {
        var file = Parse("require a.com/a v1.0.0\n");
        Assert.Multiple(() =>
        {
            Assert.That(file.Module, Is.Null);
            Assert.That(file.GoVersion, Is.Null);
            Assert.That(file.Require, Has.Count.EqualTo(1));
        });
    }

    [TestCase("./x", true)]
    [TestCase("../x", true)]
    [TestCase("/x", true)]
    [TestCase(".\\x", true)]
    [TestCase("..\\x", true)]
    [TestCase("\\x", true)]
    [TestCase("C:x", true)]
    [TestCase("z:/x", true)]
    [TestCase("1:/x", false)]
    [TestCase(".x", false)]
    [TestCase("example.com/x", false)]
    [TestCase("", false)]
    public void IsDirectoryPath(string path, bool expected) => Assert.That(GoModFile.IsDirectoryPath(path), Is.EqualTo(expected));

    [Test]
    public void NonUtf8Bytes_DoNotBreakTheLexer()
    {
        Assert.That(GoModFile.TryParse("go.mod", new byte[] { (byte)'m', (byte)'o', (byte)'d', (byte)'u', (byte)'l', (byte)'e', (byte)' ', (byte)'a', 0xff, (byte)'\n' }, GoModParseMode.Strict, out var file, out _), Is.True);
        Assert.That(file!.Module!.Path, Is.EqualTo("a\uFFFD"));
    }

    [Test]
    public void Arguments_AreChecked()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => GoModFile.Parse(null!, ReadOnlySpan<byte>.Empty));
            Assert.Throws<ArgumentOutOfRangeException>(() => GoModFile.Parse("go.mod", ReadOnlySpan<byte>.Empty, (GoModParseMode)7));
            Assert.Throws<ArgumentNullException>(() => GoModFile.IsDirectoryPath(null!));
        });
    }
}
