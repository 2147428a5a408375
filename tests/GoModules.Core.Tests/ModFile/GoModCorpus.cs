using System.Text;
using GoModules.ModFile;

namespace GoModules.Tests.ModFile;

/// <summary>
/// go.mod texts written for these tests, each parsed strictly and laxly. The Go 1.19 subset is also fed to
/// golang.org/x/mod v0.7.0 by <see cref="GoModFileInteropTests"/>, which must describe it identically.
/// </summary>
internal static class GoModCorpus
{
    /// <summary>Inputs within Go 1.19's grammar (x/mod v0.7.0 must agree on every one).</summary>
    public static readonly (string Name, string Text)[] Go119 =
    [
        ("empty", ""),
        ("minimal", "module example.com/m\n"),
        ("no-final-newline", "module example.com/m"),
        ("crlf", "module example.com/m\r\n\r\ngo 1.19\r\n\r\nrequire example.com/a v1.0.0 // indirect\r\n"),
        ("quoted-module", "module \"example.com/quoted\"\n"),
        ("quoted-escape", "module \"example.com/\\x41\\u00e9\"\n"),
        ("raw-string-module", "module `example.com/raw`\n"),
        ("bad-quote", "module \"example.com/m\\q\"\n"),
        ("quote-inside", "module example.com/it's\n"),
        ("module-twice", "module a.com/x\nmodule b.com/y\n"),
        ("module-no-arg", "module\n"),
        ("module-two-args", "module a.com/x b\n"),
        ("go-twice", "module m.com/x\ngo 1.18\ngo 1.19\n"),
        ("go-lax-fix", "module m.com/x\ngo v1.19x\n"),
        ("go-leading-zero", "module m.com/x\ngo 1.019\n"),
        ("go-no-args", "module m.com/x\ngo\n"),
        ("require-block",
            "module example.com/m\n\ngo 1.19\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2 // indirect\n\t\"example.com/c\" v0.0.0-20200101000000-abcdefabcdef // indirect; keep\n\texample.com/d v2.0.0+incompatible\n)\n"),
        ("require-bad-version", "module m.com/x\nrequire example.com/a master\n"),
        ("require-bad-version-in-block", "module m.com/x\nrequire (\n\texample.com/a latest\n)\n"),
        ("require-major-mismatch", "module m.com/x\nrequire example.com/a/v2 v1.0.0\n"),
        ("require-major-mismatch-v3", "module m.com/x\nrequire example.com/a v3.0.0\n"),
        ("require-gopkg", "module m.com/x\nrequire gopkg.in/yaml.v2 v2.4.0\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n"),
        ("require-gopkg-bad", "module m.com/x\nrequire gopkg.in/yaml.v2 v3.0.0\n"),
        ("require-bad-path", "module m.com/x\nrequire example.com/a/v1 v1.0.0\n"),
        ("require-usage", "module m.com/x\nrequire example.com/a\n"),
        ("require-quoted-version", "module m.com/x\nrequire example.com/a \"v1.0.0\"\n"),
        ("require-bad-quoted-version", "module m.com/x\nrequire example.com/a \"v1\\q\"\n"),
        ("indirect-variants",
            "module m.com/x\nrequire (\n\ta.com/a v1.0.0 //indirect\n\ta.com/b v1.0.0 // indirect ; no\n\ta.com/c v1.0.0 // indirect;\n\ta.com/d v1.0.0 // Indirect\n\ta.com/e v1.0.0 // indirect; x // y\n\ta.com/f v1.0.0 // direct\n)\n"),
        ("exclude", "module m.com/x\nexclude example.com/a v1.0.0\nexclude (\n\texample.com/b v1.1\n)\n"),
        ("replace-forms",
            "module m.com/x\nreplace example.com/a => ../a\nreplace example.com/b v1.0.0 => example.com/c v1.1.0\nreplace (\n\texample.com/d => /abs/d\n\texample.com/e v1.2.3 => ./e\n\t\"example.com/f\" => \"example.com/g\" v1.0\n)\n"),
        ("replace-usage", "module m.com/x\nreplace example.com/a v1.0.0\n"),
        ("replace-at", "module m.com/x\nreplace example.com/a => example.com/b@v1.0.0\n"),
        ("replace-no-version", "module m.com/x\nreplace example.com/a => example.com/b\n"),
        ("replace-dir-version", "module m.com/x\nreplace example.com/a => ./b v1.0.0\n"),
        ("replace-windows", "module m.com/x\nreplace example.com/a => .\\b\n"),
        ("replace-drive", "module m.com/x\nreplace example.com/a => C:/b\n"),
        ("replace-major", "module m.com/x\nreplace example.com/a/v2 v1.0.0 => ../a\n"),
        ("replace-bad-old-path", "module m.com/x\nreplace example.com/a/v1 => ../a\n"),
        ("retract",
            "module m.com/x\n\n// Bad release.\nretract v1.0.0\nretract [v1.1.0, v1.2.0] // broken range\nretract (\n\t// first\n\tv1.3.0\n\t[v1.4.0, v1.5.0]\n)\n"),
        ("retract-block-comment",
            "module m.com/x\n\n// Everything here is retracted.\nretract (\n\tv1.0.0\n\tv1.0.1 // except this reason\n)\n"),
        ("retract-errors-1", "module m.com/x\nretract\n"),
        ("retract-errors-2", "module m.com/x\nretract [v1.0.0\n"),
        ("retract-errors-3", "module m.com/x\nretract [v1.0.0,\n"),
        ("retract-errors-4", "module m.com/x\nretract [v1.0.0, v1.1.0\n"),
        ("retract-errors-5", "module m.com/x\nretract [v1.0.0 v1.1.0]\n"),
        ("retract-errors-6", "module m.com/x\nretract v1.0.0 extra\n"),
        ("retract-errors-7", "module m.com/x\nretract (v1.0.0)\n"),
        ("retract-errors-8", "module m.com/x\nretract [\n"),
        ("retract-not-canonical", "module m.com/x\nretract v1.0\n"),
        ("retract-quoted", "module m.com/x\nretract \"v1.0.0\"\nretract `v1.0.1`\n"),
        ("deprecated", "// Deprecated: use example.com/new instead.\nmodule example.com/old\n"),
        ("deprecated-suffix", "module example.com/old // Deprecated: gone\n"),
        ("deprecated-paragraph", "// Some text.\n//\n// Deprecated: second paragraph\n// continues here.\n//\n// Third.\nmodule example.com/old\n"),
        ("deprecated-not-first", "// Text Deprecated: no\nmodule example.com/old\n"),
        ("deprecated-spaces", "//   Deprecated:    padded   \nmodule example.com/old\n"),
        ("deprecated-case", "// deprecated: lower case\nmodule example.com/old\n"),
        ("deprecated-block", "// Deprecated: block comment\nmodule (\n\texample.com/old\n)\n"),
        ("deprecated-blank-separated", "// Deprecated: far away\n\nmodule example.com/old\n"),
        ("comments-everywhere",
            "// top\n\n// about module\nmodule m.com/x // trailing\n\n// before require\nrequire ( // after paren\n\t// before a\n\ta.com/a v1.0.0 // on a\n\n\t// before b\n\ta.com/b v1.0.0\n\t// before close\n) // after close\n// end\n"),
        ("unknown-directive", "module m.com/x\nfrobnicate a b\n"),
        ("unknown-block", "module m.com/x\nfrobnicate (\n\ta b\n)\n"),
        ("block-with-two-tokens", "module m.com/x\nrequire x (\n\ta.com/a v1.0.0\n)\n"),
        ("go-block", "module m.com/x\ngo (\n\t1.19\n)\n"),
        ("empty-block", "module m.com/x\nrequire ()\nexclude ( )\n"),
        ("paren-mid-line", "module m.com/x\nrequire a.com/a (v1.0.0)\n"),
        ("paren-empty-mid-line", "module m.com/x\nrequire a.com/a () v1.0.0\n"),
        ("unterminated-block", "module m.com/x\nrequire (\n\ta.com/a v1.0.0\n"),
        ("close-paren-trailing", "module m.com/x\nrequire (\n\ta.com/a v1.0.0\n) x\n"),
        ("close-paren-in-line", "module m.com/x\nrequire (\n\ta.com/a v1.0.0 )\n)\n"),
        ("stray-close-paren", "module m.com/x\n)\n"),
        ("block-comment", "module m.com/x\n/* no */\n"),
        ("block-comment-in-ident", "module m.com/x/*no*/\n"),
        ("slash-slash-in-ident", "module m.com/x//comment\n"),
        ("newline-in-string", "module \"m.com/x\n\"\n"),
        ("eof-in-string", "module \"m.com/x"),
        ("eof-after-backslash", "module \"m.com/x\\"),
        ("bad-char", "module m.com/x\n\u0001\n"),
        ("bad-char-vt", "module m.com/x\vy\n"),
        ("nbsp", "module m.com/x\u00a0y\n"),
        ("unicode-ident", "module exämple.com/x\n"),
        ("multiple-errors", "module m.com/x\nfoo\nrequire a.com/a\nbar baz\n"),
        ("brackets-and-braces", "module m.com/x\nretract [ v1.0.0 , v1.0.1 ]\nrequire a.com/{x} v1.0.0\n"),
        ("tabs-and-spaces", "  module   m.com/x  \n\t go\t1.19\n"),
        ("tab-indented-error", "module m.com/x\nrequire (\n\ta.com/a bad\n)\n"),
        ("main-only-in-lax", "module m.com/x\ngo 1.20\nexclude a.com/a v1.0.0\nreplace a.com/b => ../b\nfrobnicate\n"),
        ("go-patch-strict-error-before-1.21", "module m.com/x\ngo 1.19.0.1\n"),
    ];

    /// <summary>Inputs using directives or forms newer than Go 1.19 (checked by hand-written expectations).</summary>
    public static readonly (string Name, string Text)[] Newer =
    [
        ("toolchain", "module m.com/x\ngo 1.21.0\ntoolchain go1.21.3\n"),
        ("godebug", "module m.com/x\ngodebug default=go1.21\ngodebug (\n\tpanicnil=1\n\tasynctimerchan=0\n)\n"),
        ("tool-ignore", "module m.com/x\ntool example.com/cmd/x\ntool (\n\t\"example.com/cmd/y\"\n)\nignore ./node_modules\n"),
        ("go-prerelease", "module m.com/x\ngo 1.22rc1\n"),
        ("go-patch", "module m.com/x\ngo 1.19.0\n"),
    ];

    /// <summary>
    /// Inputs whose meaning changed after Go 1.19 (x/mod v0.11 and later): toolchain names, <c>replace =&gt; .</c>
    /// and <c>=&gt; ..</c> as directories, go versions with a patch or pre-release kept exact in lax mode and repaired
    /// when malformed. Compared with the newest x/mod by <c>GoModFileInteropTests</c>.
    /// </summary>
    public static readonly (string Name, string Text)[] SinceGo121 =
    [
        ("toolchain-default", "module m.com/x\ntoolchain default\n"),
        ("toolchain-go1", "module m.com/x\ntoolchain go1\n"),
        ("toolchain-gccgo-suffix", "module m.com/x\ntoolchain go1.21.3-gccgo\n"),
        ("toolchain-local", "module m.com/x\ntoolchain local\n"),
        ("toolchain-gccgo-prefix", "module m.com/x\ntoolchain gccgo-go1.21\n"),
        ("toolchain-go1x", "module m.com/x\ntoolchain go1x\n"),
        ("toolchain-go2", "module m.com/x\ntoolchain go2.0\n"),
        ("replace-dot", "module m.com/x\nreplace a.com/a => .\n"),
        ("replace-dotdot", "module m.com/x\nreplace a.com/a v1.0.0 => ..\n"),
        ("replace-dot-with-version", "module m.com/x\nreplace a.com/a => . v1.0.0\n"),
        ("replace-dotfile", "module m.com/x\nreplace a.com/a => .x\n"),
        ("go-patch-lax", "module m.com/x\ngo 1.21.0\n"),
        ("go-rc-lax", "module m.com/x\ngo 1.21rc1\n"),
        ("go-lax-repair-patch", "module m.com/x\ngo 1.21.0.1\n"),
        ("go-lax-repair-v", "module m.com/x\ngo v1.21.0\n"),
        ("go-lax-repair-suffix", "module m.com/x\ngo 1.21-custom\n"),
        ("go-bad-toolchain-and-go", "module m.com/x\ngo 1.21.x\ntoolchain go1.21\n"),
    ];

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A canonical text description of a parse result, shared with the Go probe.</summary>
    public static string Describe(string text, GoModParseMode mode)
    {
        if (!GoModFile.TryParse("go.mod", Bytes(text), mode, out var file, out var errors))
        {
            return "error: " + string.Join("\n", errors.Select(e => e.Message));
        }

        var sb = new StringBuilder();
        sb.Append("module: ").Append(file.Module?.Path ?? "<none>").Append('\n');
        sb.Append("deprecated: ").Append(file.Module?.Deprecated ?? "").Append('\n');
        sb.Append("go: ").Append(file.GoVersion ?? "<none>").Append('\n');
        if (file.Toolchain is not null)
        {
            sb.Append("toolchain: ").Append(file.Toolchain).Append('\n');
        }
        foreach (var r in file.Require)
        {
            sb.Append("require: ").Append(r.Path).Append(' ').Append(r.Version).Append(' ').Append(r.Indirect ? "true" : "false").Append('\n');
        }

        foreach (var x in file.Exclude)
        {
            sb.Append("exclude: ").Append(x.Path).Append(' ').Append(x.Version).Append('\n');
        }

        foreach (var r in file.Replace)
        {
            sb.Append("replace: ").Append(r.OldPath).Append(' ').Append(r.OldVersion).Append(" => ").Append(r.NewPath).Append(' ').Append(r.NewVersion).Append('\n');
        }

        foreach (var r in file.Retract)
        {
            sb.Append("retract: ").Append(r.Low).Append(' ').Append(r.High).Append(" | ").Append(r.Rationale.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString();
    }
}
