namespace GoModules.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoModuleExceptionTests
{
    [Test]
    public void CarriesTheModuleVersion()
    {
        var module = ModuleVersion.Parse("example.com/m@v1.0.0");
        var inner = new InvalidOperationException("inner");
        var ex = new GoModuleException("example.com/m@v1.0.0: not found", module, inner);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Module, Is.EqualTo(module));
            Assert.That(ex.InnerException, Is.SameAs(inner));
            Assert.That(ex.Message, Is.EqualTo("example.com/m@v1.0.0: not found"));
            Assert.That(new GoModuleException("no module").Module, Is.Null);
            Assert.That(new GoModuleException().Module, Is.Null);
        }
    }

    [Test]
    public void IsDesignedForDerivation()
    {
        var derived = new NotFound(ModuleVersion.Parse("example.com/m@v1.0.0"));
        Assert.That(derived, Is.InstanceOf<GoModuleException>());
        Assert.That(derived.Module?.Version, Is.EqualTo("v1.0.0"));
    }

    [Test]
    public void EveryPublicExceptionIsInTheFamilyOrAFormatError()
    {
        var outsiders = typeof(GoModuleException).Assembly.GetExportedTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t))
            .Where(t => !typeof(GoModuleException).IsAssignableFrom(t) && !typeof(FormatException).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.That(outsiders, Is.Empty, "public exceptions outside GoModuleException (module problems) and FormatException (user input)");
        Assert.That(typeof(GoModules.Zip.ModuleZipException).IsSubclassOf(typeof(IOException)), Is.False);
        Assert.That(typeof(ModuleCacheLinkException).IsSubclassOf(typeof(GoModuleException)), Is.True);
    }

    [Test]
    public void FetchDetailsLiveOnTheBase()
    {
        var module = ModuleVersion.Parse("example.com/m@v1.0.0");
        GoModuleException fetch = new ModuleFetchException("reading https://proxy.example/example.com/m/@v/v1.0.0.zip: 503 Service Unavailable", ModuleFetchFailure.HttpStatus, 503, "https://proxy.example/example.com/m/@v/v1.0.0.zip", null, null);
        GoModuleException notFound = new ModuleNotFoundException("not found", ModuleFetchFailure.HttpStatus, 404, "https://proxy.example/x", "gone", null);
        GoModuleException mismatch = new ChecksumMismatchException("m", "v1.0.0", false, "h1:a", "h1:b", "go.sum");
        GoModuleException plain = new("example.com/m@v1.0.0: broken", module);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((fetch.Failure, fetch.StatusCode, fetch.RequestUrl), Is.EqualTo((ModuleFetchFailure.HttpStatus, (int?)503, "https://proxy.example/example.com/m/@v/v1.0.0.zip")));
            Assert.That(fetch.Message, Does.Contain(fetch.RequestUrl));
            Assert.That((notFound.StatusCode, ((ModuleNotFoundException)notFound).ServerResponse), Is.EqualTo(((int?)404, "gone")));
            Assert.That(mismatch.Module, Is.Null, "m is not a valid module path");
            Assert.That(mismatch.Version, Is.EqualTo("v1.0.0"), "the version is known even without a module path");
            Assert.That(mismatch.Failure, Is.EqualTo(ModuleFetchFailure.ChecksumMismatch));
            Assert.That((plain.Version, plain.Failure, plain.StatusCode, plain.RequestUrl), Is.EqualTo(("v1.0.0", ModuleFetchFailure.Other, (int?)null, (string?)null)));
            Assert.That(new GoModuleException("no module").Version, Is.Null);
        }
    }

    [Test]
    public void ZipAndLinkErrorsKeepTheirCauseAndDetails()
    {
        var io = new IOException("disk full");
        var zip = new GoModules.Zip.ModuleZipException(GoModules.Zip.ModuleZipErrorKind.ZipFormat, "zip: not a valid zip file", null, null, io);
        var link = new ModuleCacheLinkException("refusing to follow symbolic link /c/x.lock in the module cache");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(zip, Is.InstanceOf<GoModuleException>());
            Assert.That(zip.InnerException, Is.SameAs(io), "the I/O error stays reachable");
            Assert.That(zip.Failure, Is.EqualTo(ModuleFetchFailure.InvalidZip));
            Assert.That(link, Is.InstanceOf<GoModuleException>());
            Assert.That(link.Failure, Is.EqualTo(ModuleFetchFailure.CacheSymbolicLink));
        }
    }

    private sealed class NotFound(ModuleVersion module) : GoModuleException($"{module}: not found", module);
}
