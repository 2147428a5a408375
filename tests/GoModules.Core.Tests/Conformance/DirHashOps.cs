using System.Buffers;
using System.Text;
using GoModules.Hashing;

namespace GoModules.Tests.Conformance;

/// <summary>Checks op <c>dirhash</c>: Hash1, its summary, HashDir on the written tree, the go.mod hash and HashZip of Go's archive.</summary>
public static class DirHashOps
{
    [ConformanceOp("dirhash")]
    public static void DirHashVector(ConformanceVector v)
    {
        var module = v.Input.GetProperty("module").GetString()!;
        var version = v.Input.GetProperty("version").GetString()!;
        var files = new List<(string Path, byte[] Data)>();
        foreach (var f in v.Input.GetProperty("files").EnumerateArray())
        {
            files.Add((f.GetProperty("path").GetString()!, Json.Bytes(f, "data") ?? []));
        }

        var prefix = module + "@" + version + "/";
        var byName = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, data) in files)
        {
            byName[prefix + path] = data;
        }

        var names = files.Select(f => prefix + f.Path).ToList();
        var label = $"{v} files=[{string.Join(", ", files.Select(f => f.Path))}]";
        var expect = v.Expect;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(prefix, Is.EqualTo(expect.GetProperty("prefix").GetString()), $"prefix: {label}");

            // h1 and summary.
            var h1 = expect.GetProperty("h1");
            var summary = new ArrayBufferWriter<byte>();
            string? actual = null;
            Exception? error = null;
            try
            {
                actual = DirHash.Hash1Core(names, n => new MemoryStream(byName[n], writable: false), summary);
            }
            catch (NotSupportedException ex)
            {
                error = ex;
            }

            if (h1.GetProperty("ok").GetBoolean())
            {
                Assert.That(error, Is.Null, $"h1 failed: {label}");
                Assert.That(actual, Is.EqualTo(h1.GetProperty("value").GetString()), $"h1: {label}");
                Assert.That(Encoding.UTF8.GetString(summary.WrittenSpan), Is.EqualTo(expect.GetProperty("summary").GetString()), $"summary: {label}");
                Assert.That(DirHash.Hash1(names, n => new MemoryStream(byName[n], writable: false)), Is.EqualTo(actual), $"public Hash1: {label}");
            }
            else
            {
                Assert.That(h1.GetProperty("kind").GetString(), Is.EqualTo("newline_in_name"), $"unexpected kind: {label}");
                Assert.That(error, Is.InstanceOf<NotSupportedException>(), $"h1 should fail (newline_in_name): {label}");
            }

            // h1_dir: the same files on disk.
            if (Json.Opt(expect, "h1_dir") is { } h1Dir)
            {
                var dir = Directory.CreateTempSubdirectory("gomod-dirhash-");
                try
                {
                    foreach (var (path, data) in files)
                    {
                        var full = Path.Combine(dir.FullName, path);
                        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                        File.WriteAllBytes(full, data);
                    }

                    var got = DirHash.HashDirectoryAsync(dir.FullName, module + "@" + version).GetAwaiter().GetResult();
                    Assert.That(h1Dir.GetProperty("ok").GetBoolean(), Is.True, $"h1_dir expected failure: {label}");
                    Assert.That(got, Is.EqualTo(h1Dir.GetProperty("value").GetString()), $"h1_dir: {label}");
                }
                finally
                {
                    dir.Delete(recursive: true);
                }
            }

            // gomod_h1: the root go.mod alone.
            if (Json.Opt(expect, "gomod_h1") is { } gomod)
            {
                var data = files.Last(f => f.Path == "go.mod").Data;
                Assert.That(DirHash.HashGoMod(data), Is.EqualTo(gomod.GetString()), $"gomod_h1: {label}");
            }

            // zip.h1: hash Go's own archive when it is included.
            if (Json.Opt(expect, "zip") is { } zip && zip.GetProperty("ok").GetBoolean() && Json.Opt(zip, "zip_b64") is { } b64)
            {
                var bytes = Convert.FromBase64String(b64.GetString()!);
                var want = zip.GetProperty("h1").GetString();
                Assert.That(DirHash.HashZipAsync(new MemoryStream(bytes)).GetAwaiter().GetResult(), Is.EqualTo(want), $"zip.h1 (stream): {label}");
                var file = Path.Combine(Path.GetTempPath(), $"gomod-{v.Id}-{Guid.NewGuid():N}.zip");
                try
                {
                    File.WriteAllBytes(file, bytes);
                    Assert.That(DirHash.HashZipAsync(file).GetAwaiter().GetResult(), Is.EqualTo(want), $"zip.h1 (file): {label}");
                }
                finally
                {
                    File.Delete(file);
                }
            }
        }
    }
}
