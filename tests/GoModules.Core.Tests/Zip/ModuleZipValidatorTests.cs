using System.Text;
using GoModules.Zip;

namespace GoModules.Tests.Zip;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleZipValidatorTests
{
    [Test]
    public async Task ZipFileOverTheLimitIsReportedWithoutReadingIt()
    {
        var dir = Directory.CreateTempSubdirectory("gomod-big-").FullName;
        try
        {
            var zip = Path.Combine(dir, "big.zip");
            using (var fs = File.Create(zip))
            {
                fs.SetLength(ModuleZipLimits.MaxZipFile + 1); // sparse
            }

            var check = await ModuleZipValidator.CheckZipAsync("example.com/m", "v1.0.0", zip);
            var read = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipReader.ReadFileAsync(zip, "example.com/m", "v1.0.0"));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(check.SizeError?.Kind, Is.EqualTo(ModuleZipErrorKind.ZipFileTooLarge));
                Assert.That(check.Error, Is.SameAs(check.SizeError));
                Assert.That(read!.Kind, Is.EqualTo(ModuleZipErrorKind.ZipFileTooLarge));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task EnsureValidThrowsTheReportedError()
    {
        var files = new[] { ModuleZipSourceFile.FromBytes("a.go", new byte[] { 1 }), ModuleZipSourceFile.FromBytes("A.go", new byte[] { 2 }) };
        var check = await ModuleZipValidator.CheckFilesAsync(files);
        var ex = Assert.Throws<ModuleZipException>(check.EnsureValid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.IsValid, Is.False);
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.InvalidFiles));
            Assert.That(ex.Errors.Single().Kind, Is.EqualTo(ModuleZipFileErrorKind.CaseCollision));
            Assert.That(ex.Message, Is.EqualTo("A.go: case-insensitive file name collision: \"a.go\" and \"A.go\""));
        }
    }

    [Test]
    public async Task InvalidFilePathCarriesTheRuleThatFailed()
    {
        var check = await ModuleZipValidator.CheckFilesAsync([ModuleZipSourceFile.FromBytes("a:b", new byte[] { 1 }), ModuleZipSourceFile.FromBytes("x/aux.go", new byte[] { 1 })]);
        Assert.That(check.Invalid.Select(e => e.PathError), Is.EqualTo(new[] { PathErrorKind.InvalidChar, PathErrorKind.WindowsReservedName }));
    }

    [Test]
    public async Task UnpairedSurrogateInAPathIsInvalidUtf8()
    {
        var check = await ModuleZipValidator.CheckFilesAsync([ModuleZipSourceFile.FromBytes("a\uD800b", new byte[] { 1 })]);
        Assert.That(check.Invalid.Single().PathError, Is.EqualTo(PathErrorKind.InvalidUtf8));
    }

    [Test]
    public async Task CheckZipReportsEveryInvalidEntryLikeGo()
    {
        var b = new ZipBuilder();
        b.AddFile("go.mod", "module example.com/m\n");
        b.AddFile("sub/GO.MOD", "x");
        b.AddFile("a.go", "1");
        b.AddFile("A.go", "2");
        b.Add("other/x", Encoding.UTF8.GetBytes("y"));
        var dir = Directory.CreateTempSubdirectory("gomod-checkzip-").FullName;
        try
        {
            var zip = Path.Combine(dir, "m.zip");
            await File.WriteAllBytesAsync(zip, b.Build());
            var check = await ModuleZipValidator.CheckZipAsync("example.com/m", "v1.0.0", zip);
            Assert.That(check.Invalid.Select(e => e.Kind), Is.EqualTo(new[] { ModuleZipFileErrorKind.GoModNotRoot, ModuleZipFileErrorKind.CaseCollision, ModuleZipFileErrorKind.MissingPrefix }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
