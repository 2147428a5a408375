using System.Text.Json;
using GoModules.Tests.Zip;
using GoModules.Zip;

namespace GoModules.Tests.Conformance;

/// <summary>Checkers for the module zip ops: zip_files, zip_dir and zip_check.</summary>
public static class ZipOps
{
    [ConformanceOp("zip_files")]
    public static void ZipFiles(ConformanceVector v)
    {
        var module = v.Input.GetProperty("module").GetString()!;
        var version = v.Input.GetProperty("version").GetString()!;
        var files = BuildFiles(v.Input.GetProperty("files"));
        var check = ModuleZipValidator.CheckFilesAsync(files, ModuleZipVendorRule.Legacy).AsTask().GetAwaiter().GetResult();
        CompareChecked(v, v.Expect.GetProperty("check_files"), check, p => p);
        CompareCreate(v, v.Expect.GetProperty("create"), dest => ModuleZipWriter.CreateAsync(dest, module, version, files, ModuleZipVendorRule.Legacy), module, version);
        CheckNewerVendorRule(v, files);
    }

    [ConformanceOp("zip_dir")]
    public static void ZipDir(ConformanceVector v)
    {
        var module = v.Input.GetProperty("module").GetString()!;
        var version = v.Input.GetProperty("version").GetString()!;
        var dir = Directory.CreateTempSubdirectory("gomod-zipdir-").FullName;
        try
        {
            foreach (var f in v.Input.GetProperty("files").EnumerateArray())
            {
                var path = Path.Combine(dir, f.GetProperty("path").GetString()!);
                var type = Json.Str(f, "type") ?? "file";
                switch (type)
                {
                    case "dir":
                        Directory.CreateDirectory(path);
                        continue;
                    case "symlink":
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.CreateSymbolicLink(path, Json.Str(f, "target")!);
                        continue;
                    case "fifo":
                        if (OperatingSystem.IsWindows())
                        {
                            Assert.Ignore("FIFOs need POSIX");
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path))
                        {
                            mkfifo.WaitForExit();
                        }

                        continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var fs = File.Create(path);
                using var content = Open(f);
                content.CopyTo(fs);
            }

            var check = ModuleZipValidator.CheckDirectoryAsync(dir, ModuleZipVendorRule.Legacy).AsTask().GetAwaiter().GetResult();
            CompareChecked(v, v.Expect.GetProperty("check_dir"), check, p => Path.GetRelativePath(dir, p).Replace(Path.DirectorySeparatorChar, '/'));
            CompareCreate(v, v.Expect.GetProperty("create_from_dir"), dest => ModuleZipWriter.CreateFromDirectoryAsync(dest, module, version, dir, ModuleZipVendorRule.Legacy), module, version);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [ConformanceOp("zip_check")]
    public static void ZipCheck(ConformanceVector v)
    {
        var module = v.Input.GetProperty("module").GetString()!;
        var version = v.Input.GetProperty("version").GetString()!;
        var zip = Convert.FromBase64String(v.Input.GetProperty("zip_b64").GetString()!);
        var dir = Directory.CreateTempSubdirectory("gomod-zipcheck-").FullName;
        try
        {
            var zipFile = Path.Combine(dir, "m.zip");
            File.WriteAllBytes(zipFile, zip);
            var check = ModuleZipValidator.CheckZipAsync(module, version, zipFile).GetAwaiter().GetResult();
            CompareChecked(v, v.Expect.GetProperty("check_zip"), check, p => p);
            ZipCheckExtras(v, module, version, zip, zipFile, dir);
        }
        finally
        {
            MakeWritable(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void ZipCheckExtras(ConformanceVector v, string module, string version, byte[] zip, string zipFile, string dir)
    {
        var want = v.Expect.GetProperty("unzip");
        var mode = 0;
        foreach (var read in new Func<string, ModuleZipReadResult>[]
        {
            target => ModuleZipReader.ReadAsync(new MemoryStream(zip), module, version, new ModuleZipReadOptions { ExtractTo = target, AllowSymbolicLinkEntries = true }).AsTask().GetAwaiter().GetResult(),
            target => ModuleZipReader.ReadFileAsync(zipFile, module, version, new ModuleZipReadOptions { ExtractTo = target, AllowSymbolicLinkEntries = true }).GetAwaiter().GetResult(),
        })
        {
            var target = Path.Combine(dir, "out" + mode++);
            ModuleZipReadResult? result = null;
            ModuleZipException? error = null;
            try
            {
                result = read(target);
            }
            catch (ModuleZipException ex)
            {
                error = ex;
            }

            if (want.GetProperty("ok").GetBoolean())
            {
                Assert.That(error, Is.Null, $"{v} unzip (mode {mode}) should succeed: {error?.Message}");
                var files = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
                    .Select(f => $"{Path.GetRelativePath(target, f).Replace(Path.DirectorySeparatorChar, '/')} {new FileInfo(f).Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))} {Perm(f)}")
                    .Order(StringComparer.Ordinal).ToList();
                var wantFiles = want.GetProperty("files").EnumerateArray()
                    .Select(f => $"{f.GetProperty("path").GetString()} {f.GetProperty("size").GetInt64()} {f.GetProperty("sha256").GetString()} {f.GetProperty("perm").GetString()}")
                    .Order(StringComparer.Ordinal).ToList();
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(files, Is.EqualTo(wantFiles), $"{v} unzip files (mode {mode})");
                    Assert.That(result!.Hash, Is.EqualTo(ZipTestKit.H1(zip)), $"{v} h1 (mode {mode})");
                }
            }
            else
            {
                Assert.That(error, Is.Not.Null, $"{v} unzip (mode {mode}) should fail");
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(ZipTestKit.KindName(error!.Kind), Is.EqualTo(want.GetProperty("kind").GetString()), $"{v} unzip kind (mode {mode}): {error.Message}");
                    if (want.TryGetProperty("file_errors", out var fe))
                    {
                        Assert.That(FileErrors(error.Errors, p => p), Is.EqualTo(WantFileErrors(fe).Take(1)), $"{v} unzip first file error (mode {mode})");
                    }

                    Assert.That(Directory.Exists(target), Is.False, $"{v} nothing left at the target (mode {mode})");
                    Assert.That(Directory.EnumerateFileSystemEntries(dir).Where(p => Path.GetFileName(p).StartsWith('.')), Is.Empty, $"{v} no temporary directory left (mode {mode})");
                }
            }
        }
    }

    private static string Perm(string file)
        => OperatingSystem.IsWindows() ? "0444" : "0" + Convert.ToString((int)File.GetUnixFileMode(file), 8);

    internal static void MakeWritable(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Prepend(dir))
        {
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    internal static List<ModuleZipSourceFile> BuildFiles(JsonElement files)
    {
        var list = new List<ModuleZipSourceFile>();
        foreach (var f in files.EnumerateArray())
        {
            var path = f.GetProperty("path").GetString()!;
            var type = (Json.Str(f, "type") ?? "file") switch
            {
                "dir" => ModuleZipFileType.Directory,
                "symlink" => ModuleZipFileType.SymbolicLink,
                "fifo" => ModuleZipFileType.Other,
                _ => ModuleZipFileType.RegularFile,
            };
            var element = f;
            long contentLength = ContentLength(f);
            var size = f.TryGetProperty("size", out var s) ? s.GetInt64() : contentLength;
            list.Add(new ModuleZipSourceFile(path, type, size, _ => ValueTask.FromResult(Open(element))));
        }

        return list;
    }

    private static long ContentLength(JsonElement f)
    {
        if (f.TryGetProperty("fill", out var fill))
        {
            return fill.GetProperty("size").GetInt64();
        }

        return Json.Bytes(f, "data")?.Length ?? 0;
    }

    private static Stream Open(JsonElement f)
    {
        if (f.TryGetProperty("fill", out var fill))
        {
            var b = (byte)fill.GetProperty("byte").GetString()![0];
            return new ZipTestKit.FillStream(b, fill.GetProperty("size").GetInt64());
        }

        return new MemoryStream(Json.Bytes(f, "data") ?? []);
    }

    private static void CompareChecked(ConformanceVector v, JsonElement want, ModuleZipCheckResult got, Func<string, string> rel)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(got.Valid.Select(rel), Is.EqualTo(want.GetProperty("valid").EnumerateArray().Select(e => e.GetString())), $"{v} valid");
            Assert.That(FileErrors(got.Omitted, rel), Is.EqualTo(WantFileErrors(want.GetProperty("omitted"))), $"{v} omitted");
            Assert.That(FileErrors(got.Invalid, rel), Is.EqualTo(WantFileErrors(want.GetProperty("invalid"))), $"{v} invalid");
            var sizeError = Json.Opt(want, "size_error");
            Assert.That(got.SizeError is null ? null : ZipTestKit.KindName(got.SizeError.Kind), Is.EqualTo(sizeError?.GetProperty("kind").GetString()), $"{v} size_error");
            var err = Json.Opt(want, "err");
            Assert.That(got.Error is null ? null : ZipTestKit.KindName(got.Error.Kind), Is.EqualTo(err?.GetProperty("kind").GetString()), $"{v} err");
            if (err is { } e && e.TryGetProperty("path_kind", out var pk))
            {
                Assert.That(PathKindOf(got.Error!), Is.EqualTo(pk.GetString()), $"{v} err.path_kind");
            }
        }
    }

    internal static List<string> FileErrors(IEnumerable<ModuleZipFileError> errors, Func<string, string> rel)
        => errors.Select(e => $"{(e.RawPath is null ? rel(e.Path) : "b64:" + Convert.ToBase64String(e.RawPath))} {ZipTestKit.KindName(e.Kind)} {(e.PathError == PathErrorKind.None ? "" : PathOps.Snake(e.PathError))}").ToList();

    private static string? PathKindOf(ModuleZipException ex)
        => ex.InnerException is InvalidModulePathException p ? PathOps.Snake(p.Reason) : null;

    internal static List<string> WantFileErrors(JsonElement list)
        => list.EnumerateArray().Select(e =>
        {
            var path = e.TryGetProperty("path_b64", out var b) ? "b64:" + b.GetString() : e.GetProperty("path").GetString();
            return $"{path} {e.GetProperty("kind").GetString()} {Json.Str(e, "path_kind") ?? ""}";
        }).ToList();

    private static void CompareCreate(ConformanceVector v, JsonElement want, Func<Stream, Task<ModuleZipCheckResult>> create, string module, string version)
    {
        var ms = new MemoryStream();
        ModuleZipException? error = null;
        try
        {
            create(ms).GetAwaiter().GetResult();
        }
        catch (ModuleZipException ex)
        {
            error = ex;
        }

        if (want.GetProperty("ok").GetBoolean())
        {
            Assert.That(error, Is.Null, $"{v} create should succeed");
            var zip = ms.ToArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(ZipTestKit.EntryNames(zip), Is.EqualTo(want.GetProperty("entries").EnumerateArray().Select(e => e.GetString())), $"{v} entries");
                Assert.That(ZipTestKit.H1(zip), Is.EqualTo(want.GetProperty("h1").GetString()), $"{v} h1");
                var read = ModuleZipReader.ReadAsync(new MemoryStream(zip), module, version).AsTask().GetAwaiter().GetResult();
                Assert.That(read.Hash, Is.EqualTo(want.GetProperty("h1").GetString()), $"{v} h1 by the streaming reader");
                if (want.TryGetProperty("zip_b64", out var goZip))
                {
                    // Go's own archive (data descriptors, Go's deflate) through the streaming reader.
                    var fromGo = ModuleZipReader.ReadAsync(new MemoryStream(Convert.FromBase64String(goZip.GetString()!)), module, version).AsTask().GetAwaiter().GetResult();
                    Assert.That(fromGo.Hash, Is.EqualTo(want.GetProperty("h1").GetString()), $"{v} h1 of Go's zip by the streaming reader");
                }
            }

            return;
        }

        Assert.That(error, Is.Not.Null, $"{v} create should fail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ZipTestKit.KindName(error!.Kind), Is.EqualTo(want.GetProperty("kind").GetString()), $"{v} create kind ({error.Message})");
            if (want.TryGetProperty("file_errors", out var fe))
            {
                Assert.That(FileErrors(error.Errors, p => p), Is.EqualTo(WantFileErrors(fe)), $"{v} create file_errors");
            }

            if (want.TryGetProperty("path_kind", out var pk))
            {
                Assert.That(PathKindOf(error), Is.EqualTo(pk.GetString()), $"{v} create path_kind");
            }
        }
    }

    private static void CheckNewerVendorRule(ConformanceVector v, List<ModuleZipSourceFile> files)
    {
        if (!v.Expect.TryGetProperty("newer_xmod_vendor_changes", out var changes))
        {
            return;
        }

        var newer = ModuleZipValidator.CheckFilesAsync(files, ModuleZipVendorRule.Automatic).AsTask().GetAwaiter().GetResult();
        var vendored = newer.Omitted.Where(e => e.Kind == ModuleZipFileErrorKind.Vendored).Select(e => e.Path).ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            foreach (var c in changes.EnumerateArray())
            {
                var path = c.GetProperty("path").GetString()!;
                Assert.That(vendored.Contains(path), Is.EqualTo(c.GetProperty("vendored_newer").GetBoolean()), $"{v} newer vendor rule for {path}");
            }
        }
    }
}
