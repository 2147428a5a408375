using System.Text;
using System.Text.Json;

namespace GoModules.Tests.Conformance;

/// <summary>
/// Checkers for the <c>path</c> and <c>path_version</c> ops (module_paths.jsonl). Each result is reduced to an
/// outcome string — <c>ok</c>, <c>ok=value</c>, <c>kind</c> or <c>kind(path_kind)</c> — on both sides, so a failure
/// shows Go's answer next to ours.
/// </summary>
public static class PathOps
{
    private static readonly (string Field, ModulePathKind Kind)[] Checks =
    [
        ("check_path", ModulePathKind.Module),
        ("check_import_path", ModulePathKind.Import),
        ("check_file_path", ModulePathKind.File),
    ];

    [ConformanceOp("path")]
    public static void Path(ConformanceVector vector)
    {
        var bytes = Json.Bytes(vector.Input, "s")!;
        var text = Json.Str(vector.Input, "s");
        var e = vector.Expect;
        var at = $"{vector.Id} s={(text is null ? "base64:" + Convert.ToBase64String(bytes) : Quote(text))}";

        using (Assert.EnterMultipleScope())
        {
            foreach (var (field, kind) in Checks)
            {
                var want = Expected(e.GetProperty(field));
                ModulePath.TryCheck(bytes, kind, out var byteReason);
                Assert.That(Outcome(byteReason), Is.EqualTo(want), $"{at}: {field} (UTF-8 bytes, Try)");
                Assert.That(Run(() => ModulePath.Check(bytes, kind)), Is.EqualTo(want), $"{at}: {field} (UTF-8 bytes)");
                if (text is not null)
                {
                    ModulePath.TryCheck(text, kind, out var charReason);
                    Assert.That(Outcome(charReason), Is.EqualTo(want), $"{at}: {field} (chars, Try)");
                    Assert.That(Run(() => ModulePath.Check(text, kind)), Is.EqualTo(want), $"{at}: {field} (string)");
                }
            }

            var escapePath = Expected(e.GetProperty("escape_path"));
            var unescapePath = Expected(e.GetProperty("unescape_path"));
            var escapeVersion = Expected(e.GetProperty("escape_version"));
            var unescapeVersion = Expected(e.GetProperty("unescape_version"));
            if (text is not null)
            {
                Assert.That(Run(() => ModulePath.EscapePath(text)), Is.EqualTo(escapePath), $"{at}: EscapePath");
                Assert.That(Try(ModulePath.TryEscapePath, text), Is.EqualTo(OkOrFail(escapePath)), $"{at}: TryEscapePath");
                Assert.That(Run(() => ModulePath.UnescapePath(text)), Is.EqualTo(unescapePath), $"{at}: UnescapePath");
                Assert.That(Try(ModulePath.TryUnescapePath, text), Is.EqualTo(OkOrFail(unescapePath)), $"{at}: TryUnescapePath");
                Assert.That(Run(() => ModulePath.EscapeVersion(text)), Is.EqualTo(escapeVersion), $"{at}: EscapeVersion");
                Assert.That(Try(ModulePath.TryEscapeVersion, text), Is.EqualTo(OkOrFail(escapeVersion)), $"{at}: TryEscapeVersion");
                Assert.That(Run(() => ModulePath.UnescapeVersion(text)), Is.EqualTo(unescapeVersion), $"{at}: UnescapeVersion");
                Assert.That(Try(ModulePath.TryUnescapeVersion, text), Is.EqualTo(OkOrFail(unescapeVersion)), $"{at}: TryUnescapeVersion");
            }
            else
            {
                // Text that is not UTF-8 cannot reach the string API; run the shared UTF-8 cores instead.
                Assert.That(Outcome(PathChecker.Check<byte>(bytes, ModulePathKind.Module).Kind), Is.EqualTo(escapePath), $"{at}: EscapePath (bytes)");
                Assert.That(PathChecker.IsWellFormedEscape<byte>(bytes, out _) ? "well-formed" : "bad_escape", Is.EqualTo(unescapePath), $"{at}: UnescapePath (bytes)");
                Assert.That(PathChecker.IsWellFormedEscape<byte>(bytes, out _) ? "well-formed" : "bad_escape", Is.EqualTo(unescapeVersion), $"{at}: UnescapeVersion (bytes)");
                var escapable = PathChecker.CheckElement<byte>(bytes, ModulePathKind.File).IsValid && !bytes.Contains((byte)'!');
                Assert.That(escapable ? "escapable" : VersionErrorKinds.DisallowedVersion, Is.EqualTo(escapeVersion), $"{at}: EscapeVersion (bytes)");
            }

            var split = e.GetProperty("split_path_version");
            var wantPrefix = Json.Bytes(split, "prefix")!;
            var wantMajor = Json.Str(split, "path_major");
            var wantOk = Json.Bool(split, "ok");
            var ok = PathChecker.SplitPathVersion<byte>(bytes, out var prefixLength);
            Assert.That(
                (Convert.ToBase64String(bytes.AsSpan(0, prefixLength)), Encoding.UTF8.GetString(bytes.AsSpan(prefixLength)), ok),
                Is.EqualTo((Convert.ToBase64String(wantPrefix), wantMajor, wantOk)),
                $"{at}: SplitPathVersion (bytes)");
            if (text is not null)
            {
                Assert.That(ModulePath.SplitPathVersion(text), Is.EqualTo((Json.Str(split, "prefix"), wantMajor, wantOk)), $"{at}: SplitPathVersion");
            }

            if (text is not null && escapePath.StartsWith("ok", StringComparison.Ordinal))
            {
                var parsed = ModulePath.Parse(text);
                Assert.That("ok=" + parsed.Escape(), Is.EqualTo(escapePath), $"{at}: ModulePath.Escape");
                Assert.That(parsed.PathMajor, Is.EqualTo(wantMajor), $"{at}: ModulePath.PathMajor");
            }
        }
    }

    [ConformanceOp("path_version")]
    public static void PathVersion(ConformanceVector vector)
    {
        var path = Json.Str(vector.Input, "path")!;
        var version = Json.Str(vector.Input, "version")!;
        var e = vector.Expect;
        var at = $"{vector.Id} path={Quote(path)} version={Quote(version)}";
        var (_, pathMajor, splitOk) = ModulePath.SplitPathVersion(path);
        var wantCheck = Expected(e.GetProperty("check"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Run(() => ModuleVersion.Check(path, version), "invalid_module_path"), Is.EqualTo(wantCheck), $"{at}: module.Check");
            if (ModulePath.TryParse(path, out var modulePath))
            {
                Assert.That(Run(() => new ModuleVersion(modulePath, version).Check(), "invalid_module_path"), Is.EqualTo(wantCheck), $"{at}: ModuleVersion.Check()");
            }

            Assert.That(pathMajor, Is.EqualTo(Json.Str(e, "path_major")), $"{at}: path_major");
            Assert.That(splitOk, Is.EqualTo(Json.Bool(e, "split_ok")), $"{at}: split_ok");

            var match = Json.Bool(e, "match_path_major");
            Assert.That(ModulePath.MatchPathMajor(version, pathMajor), Is.EqualTo(match), $"{at}: MatchPathMajor");
            Assert.That(
                Run(() => ModulePath.CheckPathMajor(version, pathMajor)),
                Is.EqualTo(match ? "ok" : VersionErrorKinds.MajorVersionMismatch),
                $"{at}: CheckPathMajor");

            Assert.That(SemVer.CanonicalModuleVersion(version), Is.EqualTo(Json.Str(e, "canonical_version")), $"{at}: CanonicalVersion");

            var prefix = e.GetProperty("path_major_prefix");
            var wantPrefix = Json.Bool(prefix, "ok") ? "ok=" + Json.Str(prefix, "value") : Json.Str(prefix, "kind");
            string actualPrefix;
            try
            {
                actualPrefix = "ok=" + ModulePath.PathMajorPrefix(pathMajor);
            }
            catch (ArgumentException)
            {
                actualPrefix = "panic";
            }

            Assert.That(actualPrefix, Is.EqualTo(wantPrefix), $"{at}: PathMajorPrefix({Quote(pathMajor)})");
        }
    }

    /// <summary>Go's answer as an outcome string.</summary>
    private static string Expected(JsonElement result)
    {
        if (Json.Bool(result, "ok"))
        {
            return result.TryGetProperty("value", out var value) ? "ok=" + value.GetString() : "ok";
        }

        var kind = Json.Str(result, "kind")!;
        return Json.Str(result, "path_kind") is { } pathKind ? $"{kind}({pathKind})" : kind;
    }

    private static string Outcome(PathErrorKind reason) => reason == PathErrorKind.None ? "ok" : Snake(reason);

    private static string Run(Action action, string? pathErrorKind = null) => Run(
        () =>
        {
            action();
            return null;
        },
        pathErrorKind);

    /// <summary>Our answer as an outcome string.</summary>
    private static string Run(Func<string?> action, string? pathErrorKind = null)
    {
        try
        {
            var value = action();
            return value is null ? "ok" : "ok=" + value;
        }
        catch (InvalidModulePathException ex) when (ex.Reason == PathErrorKind.BadEscape)
        {
            return "bad_escape";
        }
        catch (InvalidModulePathException ex) when (ex.InnerException is InvalidModulePathException inner)
        {
            Assert.That(ex.Reason, Is.EqualTo(inner.Reason), "the outer Reason repeats the inner one");
            return $"invalid_unescaped_path({Snake(inner.Reason)})";
        }
        catch (InvalidModulePathException ex)
        {
            // module.Check passes CheckPath's error through; its vectors call that invalid_module_path.
            return pathErrorKind is null ? Snake(ex.Reason) : $"{pathErrorKind}({Snake(ex.Reason)})";
        }
        catch (InvalidModuleVersionException ex) when (ex.InnerException is InvalidModulePathException inner)
        {
            return $"{ex.Kind}({Snake(inner.Reason)})";
        }
        catch (InvalidModuleVersionException ex)
        {
            return ex.Kind;
        }
    }

    private delegate bool TryFunc(string? input, out string? output);

    private static string Try(TryFunc f, string input) => f(input, out var output) ? "ok=" + output : "fail";

    private static string OkOrFail(string outcome) => outcome.StartsWith("ok", StringComparison.Ordinal) ? outcome : "fail";

    /// <summary><see cref="PathErrorKind.DotsOnlyElement"/> → <c>dots_only_element</c>, the vectors' spelling.</summary>
    internal static string Snake(PathErrorKind kind)
    {
        var name = kind.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);
}
