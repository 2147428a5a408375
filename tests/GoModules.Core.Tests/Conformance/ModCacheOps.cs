using System.Text.Json;
using GoModules.Caching;

namespace GoModules.Tests.Conformance;

/// <summary>Checkers for the <c>cache_path</c> and <c>version_list</c> ops (modcache.jsonl).</summary>
public static class ModCacheOps
{
    private static readonly string Root = OperatingSystem.IsWindows() ? @"C:\GOMODCACHE" : "/GOMODCACHE";

    private static string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    [ConformanceOp("cache_path")]
    public static void CachePath(ConformanceVector vector)
    {
        var path = Json.Str(vector.Input, "path")!;
        var version = Json.Str(vector.Input, "version")!;
        var e = vector.Expect;
        var at = $"{vector.Id} path={JsonSerializer.Serialize(path)} version={JsonSerializer.Serialize(version)}";
        var paths = new ModuleCachePaths(Root);
        var ok = e.GetProperty("ok").GetBoolean();
        var error = Json.Opt(e, "error");

        using (Assert.EnterMultipleScope())
        {
            if (!ModulePath.TryParse(path, out var modulePath))
            {
                Assert.That(error?.GetProperty("kind").GetString(), Is.EqualTo("invalid_module_path"), $"{at}: our path check failed");
                var ex = Assert.Throws<InvalidModulePathException>(() => ModulePath.Parse(path));
                Assert.That(PathOps.Snake(ex!.Reason), Is.EqualTo(Json.Str(error!.Value, "path_kind")), $"{at}: path_kind");
                Assert.That(e.TryGetProperty("download_dir", out _), Is.False, $"{at}: Go gave directories for a path we refuse");
                return;
            }

            Assert.That(Relative(paths.GetDownloadDirectory(modulePath)), Is.EqualTo(e.GetProperty("download_dir").GetString()), $"{at}: download_dir");
            Assert.That(Relative(paths.GetListFile(modulePath)), Is.EqualTo(e.GetProperty("list_file").GetString()), $"{at}: list_file");

            var module = new ModuleVersion(modulePath, version);
            if (!ok)
            {
                var kind = error!.Value.GetProperty("kind").GetString();
                var ex = Assert.Throws<InvalidModuleVersionException>(() => paths.GetZipFile(module), $"{at}: expected {kind}");
                Assert.That(ex?.Kind, Is.EqualTo(kind), $"{at}: error kind");
                Assert.That(ModuleCachePaths.TryEscapeCacheVersion(version, out _), Is.False, $"{at}: TryEscapeCacheVersion");
                Assert.Throws<InvalidModuleVersionException>(() => paths.GetExtractedDirectory(module), $"{at}: extract dir");
                return;
            }

            var files = e.GetProperty("files");
            Assert.That(Relative(paths.GetInfoFile(module)), Is.EqualTo(files.GetProperty("info").GetString()), $"{at}: info");
            Assert.That(Relative(paths.GetGoModFile(module)), Is.EqualTo(files.GetProperty("mod").GetString()), $"{at}: mod");
            Assert.That(Relative(paths.GetZipFile(module)), Is.EqualTo(files.GetProperty("zip").GetString()), $"{at}: zip");
            Assert.That(Relative(paths.GetZipHashFile(module)), Is.EqualTo(files.GetProperty("ziphash").GetString()), $"{at}: ziphash");
            Assert.That(Relative(paths.GetLockFile(module)), Is.EqualTo(files.GetProperty("lock").GetString()), $"{at}: lock");
            Assert.That(Relative(paths.GetPartialFile(module)), Is.EqualTo(files.GetProperty("partial").GetString()), $"{at}: partial");
            Assert.That(Relative(paths.GetExtractedDirectory(module)), Is.EqualTo(e.GetProperty("extract_dir").GetString()), $"{at}: extract_dir");
            Assert.That(
                Relative(paths.GetChecksumDatabaseLookupFile("sum.golang.org", module)),
                Is.EqualTo(e.GetProperty("sumdb_lookup").GetString()),
                $"{at}: sumdb_lookup");
            Assert.That(ModuleCachePaths.TryEscapeCacheVersion(version, out _), Is.True, $"{at}: TryEscapeCacheVersion");
        }
    }

    [ConformanceOp("version_list")]
    public static void VersionListOp(ConformanceVector vector)
    {
        var names = vector.Input.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.That(VersionList.Build(names), Is.EqualTo(vector.Expect.GetProperty("list").GetString()), $"{vector.Id} names={string.Join(",", names)}");
    }
}
