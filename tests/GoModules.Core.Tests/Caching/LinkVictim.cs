namespace GoModules.Tests.Caching;

/// <summary>A directory outside the cache, with read-only directories and files below it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class LinkVictim
{
    private const UnixFileMode Mode0555 = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode0444 = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0500 = UnixFileMode.UserRead | UnixFileMode.UserExecute;

    public LinkVictim(string root)
    {
        Root = root;
        Directory.CreateDirectory(Path.Combine(root, "inner", "deeper"));
        File.WriteAllText(Path.Combine(root, "secret.txt"), "keep me");
        File.WriteAllText(Path.Combine(root, "inner", "deeper", "notes.txt"), "keep me too");
        File.SetUnixFileMode(Path.Combine(root, "secret.txt"), Mode0444);
        File.SetUnixFileMode(Path.Combine(root, "inner", "deeper", "notes.txt"), Mode0444);
        File.SetUnixFileMode(Path.Combine(root, "inner", "deeper"), Mode0500);
        File.SetUnixFileMode(Path.Combine(root, "inner"), Mode0555);
        File.SetUnixFileMode(root, Mode0555);
        Snapshot = Take();
    }

    public string Root { get; }

    public IReadOnlyList<string> Snapshot { get; }

    public List<string> Take()
    {
        var lines = new List<string> { "." + " " + File.GetUnixFileMode(Root) };
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(Root, entry);
            var content = File.Exists(entry) ? File.ReadAllText(entry) : "<dir>";
            lines.Add(rel + " " + File.GetUnixFileMode(entry) + " " + content);
        }

        return lines;
    }

    public void AssertUntouched(string because)
    {
        Assert.That(Directory.Exists(Root), Is.True, because + ": the link target still exists");
        Assert.That(Take(), Is.EqualTo(Snapshot), because + ": modes and contents of the link target are unchanged");
    }

    /// <summary>Whether <paramref name="path"/> is a symbolic link (dangling or not).</summary>
    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>A proxy directory under <paramref name="tmp"/> holding example.com/lib@v1.2.3.</summary>
    public static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }
}
