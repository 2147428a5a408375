using System.Text;
using GoModules.ModFile;

namespace GoModules.Tests.ModFile;

/// <summary>
/// Editing by hand-picked examples (the expected texts are what x/mod v0.42.0 writes for the same edits; the
/// differential tests in <see cref="GoModEditInteropTests"/> cover random ones).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoModFileEditingTests
{
    private static GoModFile Parse(string text) => GoModFile.Parse("go.mod", Encoding.UTF8.GetBytes(text));

    private static string Text(GoModFile file) => Encoding.UTF8.GetString(file.Format());

    [Test]
    public void SetRequireSeparateIndirect_LeavesACommentedBlockAndAddsAnIndirectOne()
    {
        var file = Parse("module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0 // indirect\n\t// keep me\n\texample.com/c v1.2.0\n)\n");
        file.SetRequireSeparateIndirect(
        [
            new GoModRequire("example.com/a", "v1.2.0", indirect: false),
            new GoModRequire("example.com/c", "v1.2.0", indirect: true),
            new GoModRequire("example.com/d", "v0.1.0", indirect: true),
        ]);
        file.Cleanup();
        Assert.Multiple(() =>
        {
            Assert.That(Text(file), Is.EqualTo(
                "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.2.0\n\nrequire (\n\t// keep me\n\texample.com/c v1.2.0 // indirect\n\texample.com/d v0.1.0 // indirect\n)\n"));
            Assert.That(file.Require.Select(r => r + " " + r.Indirect), Is.EquivalentTo(new[]
            {
                "example.com/a v1.2.0 False", "example.com/c v1.2.0 True", "example.com/d v0.1.0 True",
            }));
        });
    }

    [Test]
    public void SetRequireSeparateIndirect_SplitsOneUncommentedBlock()
    {
        var file = Parse("module example.com/m\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0 // indirect\n)\n");
        file.SetRequireSeparateIndirect(
        [
            new GoModRequire("example.com/a", "v1.0.0", indirect: false),
            new GoModRequire("example.com/b", "v1.0.0", indirect: true),
            new GoModRequire("example.com/c", "v1.5.0", indirect: false),
        ]);
        file.Cleanup();
        Assert.That(Text(file), Is.EqualTo(
            "module example.com/m\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.5.0\n)\n\nrequire example.com/b v1.0.0 // indirect\n"));
    }

    [Test]
    public void Edits_KeepComments_AndPlaceNewLinesAsGoDoes()
    {
        var file = Parse("module example.com/m // the module\n\nrequire example.com/a v1.0.0 // pinned\n");
        file.SetGoVersion("1.22");
        file.SetToolchain("go1.22.3");
        file.AddRequire("example.com/a", "v1.1.0");
        file.AddNewRequire("example.com/b", "v1.0.0", indirect: true);
        file.AddReplace("example.com/a", "", "../a", "");
        file.AddExclude("example.com/a", "v1.0.1");
        file.AddRetract("v1.0.0", "v1.0.5", "broken\nsorry");
        file.DropRequire("example.com/b");
        file.Cleanup();
        Assert.Multiple(() =>
        {
            Assert.That(Text(file), Is.EqualTo(
                "module example.com/m // the module\n\ngo 1.22\n\ntoolchain go1.22.3\n\nrequire example.com/a v1.1.0 // pinned\n\n"
                + "replace example.com/a => ../a\n\nexclude example.com/a v1.0.1\n\n// broken\n// sorry\nretract [v1.0.0, v1.0.5]\n"));
            Assert.That(file.GoVersion, Is.EqualTo("1.22"));
            Assert.That(file.Require.Select(r => r.ToString()), Is.EqualTo(new[] { "example.com/a v1.1.0" }));
        });
    }

    [Test]
    public void InvalidArguments_AreRefused()
    {
        var file = Parse("module example.com/m\n");
        Assert.Multiple(() =>
        {
            Assert.That(() => file.SetGoVersion("1.21.x"), Throws.ArgumentException);
            Assert.That(() => file.SetToolchain("local"), Throws.ArgumentException);
            Assert.That(() => file.AddExclude("example.com/a", "v1.2"), Throws.TypeOf<InvalidModuleVersionException>());
            Assert.That(() => file.AddExclude("example.com/a/v2", "v1.2.0"), Throws.TypeOf<InvalidModuleVersionException>());
            Assert.That(
                () => file.SetRequire([new GoModRequire("example.com/a", "v1.0.0", false), new GoModRequire("example.com/a", "v1.1.0", false)]),
                Throws.ArgumentException);
        });
        Assert.That(Text(file), Is.EqualTo("module example.com/m\n"));
    }

    [Test]
    public void CreatedFile_IsBuiltFromEdits()
    {
        var file = GoModFile.Create();
        file.SetModule("example.com/new");
        file.SetGoVersion("1.23");
        file.AddNewRequire("example.com/a", "v1.0.0", indirect: false);
        file.AddNewRequire("example.com/b", "v1.0.0", indirect: true);
        Assert.That(Text(file), Is.EqualTo(
            "module example.com/new\n\ngo 1.23\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0 // indirect\n)\n"));
    }
}
