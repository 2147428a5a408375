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

    private sealed class NotFound(ModuleVersion module) : GoModuleException($"{module}: not found", module);
}
