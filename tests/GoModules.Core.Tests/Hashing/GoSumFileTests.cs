using System.Text;
using GoModules.Hashing;

namespace GoModules.Tests.Hashing;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoSumFileTests
{
    private const string Right = "h1:ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=";
    private const string Wrong = "h1:AAAAsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=";
    private const string ModRight = "h1:PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=";

    private static readonly ModuleVersion M = ModuleVersion.Parse("example.com/m@v1.0.0");
    private static readonly ModuleVersion N = ModuleVersion.Parse("example.com/n@v1.0.0");
    private static readonly ModuleVersion O = ModuleVersion.Parse("example.com/o@v1.0.0");

    [Test]
    public void TheFirstH1LineDecides()
    {
        var rightFirst = GoSumFile.Parse($"example.com/m v1.0.0 {Right}\nexample.com/m v1.0.0 {Wrong}\n");
        var wrongFirst = GoSumFile.Parse($"example.com/m v1.0.0 {Wrong}\nexample.com/m v1.0.0 {Right}\n");
        Assert.That(rightFirst.Check(M, GoSumHashKind.Zip, Right), Is.EqualTo(GoSumVerification.Verified));
        Assert.That(() => rightFirst.VerifyZipHash(M, Right), Throws.Nothing);
        var ex = Assert.Throws<ChecksumMismatchException>(() => wrongFirst.VerifyZipHash(M, Right));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Path, Is.EqualTo("example.com/m"));
            Assert.That(ex.Version, Is.EqualTo("v1.0.0"));
            Assert.That(ex.IsGoMod, Is.False);
            Assert.That(ex.Expected, Is.EqualTo(Wrong));
            Assert.That(ex.Actual, Is.EqualTo(Right));
            Assert.That(ex.ExpectedSource, Is.EqualTo("go.sum"));
            Assert.That(ex.Message, Does.StartWith($"verifying example.com/m@v1.0.0: checksum mismatch\n\tdownloaded: {Right}\n\tgo.sum:     {Wrong}\n"));
            Assert.That(ex.Message, Does.Contain("SECURITY ERROR").And.Contain("go help module-auth").And.Contain("go clean -modcache"));
        });
        Assert.That(() => wrongFirst.Check(M, GoSumHashKind.Zip, Right), Throws.InstanceOf<ChecksumMismatchException>(), "a mismatch is never reported, only thrown");
    }

    [Test]
    public void MismatchNamesTheModuleVersionWhenThePathIsValid()
    {
        var valid = Assert.Throws<ChecksumMismatchException>(() => GoSumFile.Parse($"rsc.io/quote v1.5.2 {Wrong}\n").VerifyZipHash(ModuleVersion.Parse("rsc.io/quote@v1.5.2"), Right));
        var invalid = new ChecksumMismatchException("m", "v1.0.0", false, Wrong, Right, "go.sum");
        var fromModule = new ChecksumMismatchException(ModuleVersion.Parse("rsc.io/quote@v1.5.2"), true, Wrong, Right, "sum.golang.org");
        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.InstanceOf<GoModuleException>());
            Assert.That(valid!.Module?.ToString(), Is.EqualTo("rsc.io/quote@v1.5.2"));
            Assert.That(invalid.Module, Is.Null);
            Assert.That(invalid.Path, Is.EqualTo("m"));
            Assert.That(fromModule.Message, Does.StartWith($"verifying rsc.io/quote@v1.5.2/go.mod: checksum mismatch\n\tdownloaded: {Right}\n\tsum.golang.org: {Wrong}\n"));
            Assert.That(fromModule.Message, Does.Contain("recorded in sum.golang.org"));
        });
    }

    [Test]
    public void UnknownHashPrefixesAreSkippedWhenChecking()
    {
        var file = GoSumFile.Parse($"example.com/m v1.0.0 h2:whatever\nexample.com/m v1.0.0 {Right}\nexample.com/n v1.0.0 h2:only\n");
        Assert.Multiple(() =>
        {
            Assert.That(file.Check(M, GoSumHashKind.Zip, Right), Is.EqualTo(GoSumVerification.Verified));
            Assert.That(file.Check(N, GoSumHashKind.Zip, Right), Is.EqualTo(GoSumVerification.UnknownHashesOnly));
            Assert.That(file.Check(O, GoSumHashKind.Zip, Right), Is.EqualTo(GoSumVerification.Missing));
            Assert.That(file.HasSum(M, GoSumHashKind.Zip), Is.True);
            Assert.That(file.HasSum(N, GoSumHashKind.Zip), Is.False);
            Assert.That(file.HasSum(M, GoSumHashKind.GoMod), Is.False);
            Assert.That(file.GetHashes(N, GoSumHashKind.Zip), Is.EqualTo(new[] { "h2:only" }));
            Assert.That(file.GetHashes(O, GoSumHashKind.Zip), Is.Empty);
        });
    }

    /// <summary>
    /// The README's example calls VerifyZipHash and ignores the result, saying it throws on a mismatch. Before, a
    /// module that go.sum does not list at all came back as GoSumVerification.Missing, so that example silently
    /// accepted any zip of an unlisted module. Verify* now throw for that too; Check reports it.
    /// </summary>
    [Test]
    public void VerifyThrowsWhenGoSumListsNoH1HashInsteadOfReportingMissing()
    {
        var file = GoSumFile.Parse($"example.com/m v1.0.0/go.mod {ModRight}\nexample.com/n v1.0.0 h2:only\n");
        var missing = Assert.Throws<ChecksumMissingException>(() => file.VerifyZipHash(M, Right));
        var missingMod = Assert.Throws<ChecksumMissingException>(() => file.VerifyGoModHash(O, ModRight));
        var unknownOnly = Assert.Throws<ChecksumMissingException>(() => file.VerifyZipHash(N, Right));
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.InstanceOf<GoModuleException>());
            Assert.That(missing!.Message, Is.EqualTo("example.com/m@v1.0.0: missing go.sum entry"));
            Assert.That(missing.Module, Is.EqualTo(M));
            Assert.That(missing.Kind, Is.EqualTo(GoSumHashKind.Zip));
            Assert.That(missingMod!.Message, Is.EqualTo("example.com/o@v1.0.0: missing go.sum entry for go.mod file"));
            Assert.That(missingMod.Kind, Is.EqualTo(GoSumHashKind.GoMod));
            Assert.That(unknownOnly!.UnknownHashesOnly, Is.True);
            Assert.That(unknownOnly.Message, Does.StartWith("example.com/n@v1.0.0: missing go.sum entry"));
            Assert.That(() => file.VerifyGoModHash(M, ModRight), Throws.Nothing);
        });
    }

    [Test]
    public void GoModHashesLiveOnTheGoModKey()
    {
        var file = GoSumFile.Parse($"example.com/m v1.0.0 {Right}\nexample.com/m v1.0.0/go.mod {ModRight}\n");
        Assert.Multiple(() =>
        {
            Assert.That(file.Check(M, GoSumHashKind.GoMod, ModRight), Is.EqualTo(GoSumVerification.Verified));
            Assert.That(() => file.VerifyZipHash(M, ModRight), Throws.InstanceOf<ChecksumMismatchException>(), "the zip key holds the zip hash");
            Assert.That(file.GetHashes(M, GoSumHashKind.GoMod), Is.EqualTo(new[] { ModRight }));
        });
        var ex = Assert.Throws<ChecksumMismatchException>(() => file.VerifyGoModHash(M, Right));
        Assert.That(ex!.IsGoMod, Is.True);
        Assert.That(ex.Message, Does.StartWith("verifying example.com/m@v1.0.0/go.mod: checksum mismatch"));
    }

    [Test]
    public void AddRecordsNewHashesOnceAndRefusesConflicts()
    {
        var file = new GoSumFile();
        Assert.Multiple(() =>
        {
            Assert.That(file.Add(M, GoSumHashKind.Zip, Right), Is.True);
            Assert.That(file.Add(M, GoSumHashKind.Zip, Right), Is.False);
            Assert.That(file.Add(M, GoSumHashKind.GoMod, ModRight), Is.True);
            Assert.That(file.Count, Is.EqualTo(2));
            Assert.That(file.Entries[1], Is.EqualTo(new GoSumEntry("example.com/m", "v1.0.0/go.mod", ModRight)));
            Assert.That(() => file.Add(M, GoSumHashKind.Zip, Wrong), Throws.InstanceOf<ChecksumMismatchException>());
            Assert.That(() => file.Add(M with { Version = "v1.0.0\u3000" }, GoSumHashKind.Zip, Right), Throws.ArgumentException);
            Assert.That(() => file.Add(M with { Version = "" }, GoSumHashKind.Zip, Right), Throws.ArgumentException);
            Assert.That(() => file.Add(default, GoSumHashKind.Zip, Right), Throws.ArgumentNullException, "the default ModuleVersion has no version");
            Assert.That(() => file.Add(M, (GoSumHashKind)5, Right), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => file.Add(M, GoSumHashKind.Zip, null!), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void AddingBesideUnknownHashesKeepsThem()
    {
        var file = GoSumFile.Parse("example.com/m v1.0.0 h2:future\n");
        Assert.That(file.Add(M, GoSumHashKind.Zip, Right), Is.True);
        Assert.That(file.GetHashes(M, GoSumHashKind.Zip), Is.EqualTo(new[] { "h2:future", Right }));
        Assert.That(file.Format(), Is.EqualTo($"example.com/m v1.0.0 {Right}\nexample.com/m v1.0.0 h2:future\n"));
    }

    [Test]
    public void FormatSortsByPathThenSemverThenGoModSuffixThenHash()
    {
        var file = new GoSumFile();
        file.Add(ModuleVersion.Parse("b.example/m@v1.10.0"), GoSumHashKind.Zip, Right);
        file.Add(ModuleVersion.Parse("b.example/m@v1.9.0"), GoSumHashKind.GoMod, ModRight);
        file.Add(ModuleVersion.Parse("b.example/m@v1.9.0"), GoSumHashKind.Zip, Right);
        file.Add(ModuleVersion.Parse("b.example/m@v1.9.0-pre"), GoSumHashKind.Zip, Right);
        foreach (var line in new[] { "a.example/\uff21 v1.0.0", "a.example/\U00010400 v1.0.0" })
        {
            // Not valid module paths, but go.sum keeps whatever it reads.
            file = GoSumFile.Parse(file.Format() + line + " " + Right + "\n");
        }

        file.Add(ModuleVersion.Parse("a.example/m@v0.0.0-20200101000000-abcdefabcdef"), GoSumHashKind.Zip, Right);
        var expected =
            $"a.example/m v0.0.0-20200101000000-abcdefabcdef {Right}\n" +
            $"a.example/\uff21 v1.0.0 {Right}\n" +
            $"a.example/\U00010400 v1.0.0 {Right}\n" +
            $"b.example/m v1.9.0-pre {Right}\n" +
            $"b.example/m v1.9.0 {Right}\n" +
            $"b.example/m v1.9.0/go.mod {ModRight}\n" +
            $"b.example/m v1.10.0 {Right}\n";
        Assert.That(file.Format(), Is.EqualTo(expected));
    }

    [Test]
    public void FormatRemovesDuplicatesAndSortsHashes()
    {
        var file = GoSumFile.Parse($"m v1 {Right}\nm v1 h0:x\nm v1 {Right}\n");
        Assert.That(file.Count, Is.EqualTo(3));
        Assert.That(file.Format(), Is.EqualTo($"m v1 h0:x\nm v1 {Right}\n"));
    }

    [Test]
    public void FormattedTextReadsBackToTheSameFile()
    {
        var original = GoSumFile.Parse($"  z v2.0.0 {Right}\r\n\n\ta v1.0.0/go.mod\t{ModRight}\na v1.0.0 {Right}");
        var text = original.Format();
        Assert.That(GoSumFile.Parse(text).Format(), Is.EqualTo(text));
        Assert.That(text, Is.EqualTo($"a v1.0.0 {Right}\na v1.0.0/go.mod {ModRight}\nz v2.0.0 {Right}\n"));
    }

    [Test]
    public void ReadModesTreatMalformedLinesAsGoVersionsDo()
    {
        const string text = "a v1 h1:a\nb v1\nc v1 h1:c\nd v1 h1:d extra\n";
        var stop = GoSumFile.Parse(text, GoSumReadMode.StopAtMalformedLine);
        var skip = GoSumFile.Parse(text, GoSumReadMode.SkipMalformedLines);
        var ex = Assert.Throws<GoSumFormatException>(() => GoSumFile.Parse(text, fileName: "/src/go.sum"), "the default is the modern rule");
        Assert.That(GoSumReadMode.ThrowOnMalformedLine, Is.EqualTo(default(GoSumReadMode)));
        Assert.Multiple(() =>
        {
            Assert.That(stop.Entries.Select(e => e.Path), Is.EqualTo(new[] { "a" }));
            Assert.That(stop.MalformedLine!.LineNumber, Is.EqualTo(2));
            Assert.That(skip.Entries.Select(e => e.Path), Is.EqualTo(new[] { "a", "c" }));
            Assert.That(skip.MalformedLine!.LineNumber, Is.EqualTo(2));
            Assert.That(ex!.Message, Is.EqualTo("malformed go.sum:\n/src/go.sum:2: wrong number of fields 2"));
            Assert.That(ex.FileName, Is.EqualTo("/src/go.sum"));
            Assert.That(ex.FieldCount, Is.EqualTo(2));
            Assert.That(ex.Line, Is.EqualTo("b v1"));
            Assert.That(() => GoSumFile.Parse(text, (GoSumReadMode)7), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void EmptyGoModHashLinesAreDroppedWithTheirLineNumbers()
    {
        var file = GoSumFile.Parse($"m v1.0.0/go.mod {GoSumFile.EmptyGoModHash}\nm v1.0.0 {Right}\nn v2 {GoSumFile.EmptyGoModHash}\n");
        Assert.That(file.DroppedLines, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(file.Entries, Is.EqualTo(new[] { new GoSumEntry("m", "v1.0.0", Right) }));
    }

    [Test]
    public void StringAndByteInputsAgree()
    {
        const string text = "m\u2003v1\u3000h1:x\n";
        var fromString = GoSumFile.Parse(text);
        var fromBytes = GoSumFile.Parse(Encoding.UTF8.GetBytes(text));
        Assert.That(fromString.Entries, Is.EqualTo(fromBytes.Entries));
        Assert.That(fromString.Entries.Single(), Is.EqualTo(new GoSumEntry("m", "v1", "h1:x")));
    }

    [Test]
    public void InvalidUtf8BytesAreNotSeparators()
    {
        var file = GoSumFile.Parse([(byte)'m', 0xFF, (byte)' ', (byte)'v', 0xE2, 0x80, (byte)' ', (byte)'h']);
        Assert.That(file.Entries.Single().Path, Is.EqualTo("m\uFFFD"));
    }

    [Test]
    public void EntryExposesItsParts()
    {
        var entry = new GoSumEntry("m", "v1.2.3/go.mod", "h1:x");
        Assert.Multiple(() =>
        {
            Assert.That(entry.IsGoMod, Is.True);
            Assert.That(entry.ModuleVersion, Is.EqualTo("v1.2.3"));
            Assert.That(entry.ToString(), Is.EqualTo("m v1.2.3/go.mod h1:x"));
            Assert.That(new GoSumEntry("m", "v1", "h").IsGoMod, Is.False);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAndWrite(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-gosum-");
        try
        {
            var path = Path.Combine(dir.FullName, "go.sum");
            Assert.That((await GoSumFile.LoadAsync(path, cancellationToken: cancellationToken)).Count, Is.Zero, "missing file reads as empty");
            await File.WriteAllTextAsync(path, $"m v1 {Right}\nbroken\n", cancellationToken);
            var strict = Assert.ThrowsAsync<GoSumFormatException>(async () => await GoSumFile.LoadAsync(path, cancellationToken: cancellationToken), "the default: a malformed line is an error");
            Assert.That(strict!.FileName, Is.EqualTo(path));
            var file = await GoSumFile.LoadAsync(path, GoSumReadMode.StopAtMalformedLine, cancellationToken);
            Assert.That(file.MalformedLine!.FileName, Is.EqualTo(path));
            var ms = new MemoryStream();
            await file.WriteToAsync(ms, cancellationToken);
            Assert.That(Encoding.UTF8.GetString(ms.ToArray()), Is.EqualTo($"m v1 {Right}\n"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
