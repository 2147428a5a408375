namespace GoModules.Tests.Layering;

/// <summary>
/// Enforces the layering ARCHITECTURE.md draws: a folder of GoModules.Core (its namespace GoModules.X and
/// every namespace under it) may use only folders of its own or a lower layer, the folders form no cycle, and a
/// folder's <c>Internal</c> namespace is used by that folder alone (Kernel is the shared internal code).
/// The check reads the compiled assembly, so it sees every reference the compiler emitted, not just usings.
/// </summary>
[TestFixture]
public sealed class LayerTests
{
    /// <summary>The layer of each top folder of GoModules.Core ("" is the root namespace, GoModules).</summary>
    internal static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Kernel"] = 0,
        [""] = 1,
        ["Patterns"] = 1,
        ["Hashing"] = 2,
        ["Zip"] = 2,
        ["ModFile"] = 2,
        ["Fetching"] = 3,
        ["SumDb"] = 3,
        ["Direct"] = 3,
        ["Caching"] = 4,
        ["Toolchains"] = 5,
        ["Graph"] = 6,
    };

    /// <summary>
    /// References into another folder's internals that are known and scheduled to go: Zip's use of the CRC-32, the
    /// hash summary writer and the UTF-8 order of Hashing.Internal ends when the zip-record primitives move to
    /// Kernel/Zip (the zip-reader work of issue 15). Nothing else may be added here.
    /// </summary>
    private static readonly HashSet<string> PendingInternalReferences = new(StringComparer.Ordinal)
    {
        "GoModules.Zip.Internal.EntrySink -> GoModules.Hashing.Internal.Crc32",
        "GoModules.Zip.Internal.SeekableZipReader -> GoModules.Hashing.Internal.SummaryWriter",
        "GoModules.Zip.Internal.StreamingZipParser -> GoModules.Hashing.Internal.SummaryWriter",
        "GoModules.Zip.ModuleZipValidator -> GoModules.Hashing.Internal.Utf8Order",
        "GoModules.Zip.ModuleZipWriter -> GoModules.Hashing.Internal.Crc32",
    };

    private static IReadOnlyList<TypeDependencyReader.Reference>? s_references;

    private static IReadOnlyList<TypeDependencyReader.Reference> References =>
        s_references ??= TypeDependencyReader.Read(
            Environment.GetEnvironmentVariable("GOMODULES_ARCHITECTURE_ASSEMBLY") is { Length: > 0 } path
                ? path
                : typeof(ModulePath).Assembly.Location);

    [Test]
    public void ReaderSeesReferences()
    {
        // Guards the reader itself: ModuleVersion is built on ModulePath, so a reader that found nothing would
        // make every other test here pass vacuously.
        Assert.That(References, Has.Some.Matches<TypeDependencyReader.Reference>(
            r => r.FromType == "GoModules.ModuleVersion" && r.ToType == "GoModules.ModulePath"));
    }

    [Test]
    public void EveryNamespaceBelongsToALayer()
    {
        var unknown = References.SelectMany(r => new[] { r.FromNamespace, r.ToNamespace })
            .Where(ns => IsOurs(ns) && !Layers.ContainsKey(Folder(ns)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(unknown, Is.Empty, "namespaces whose folder has no layer in LayerTests.Layers and ARCHITECTURE.md: " + string.Join(", ", unknown));
    }

    [Test]
    public void NoReferenceRunsUpward()
    {
        var upward = References
            .Where(r => IsOurs(r.FromNamespace) && IsOurs(r.ToNamespace))
            .Where(r => Layer(r.FromNamespace) < Layer(r.ToNamespace))
            .Select(r => $"{r.FromType} (layer {Layer(r.FromNamespace)}) -> {r.ToType} (layer {Layer(r.ToNamespace)})")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(upward, Is.Empty, "references from a lower layer to a higher one:\n" + string.Join("\n", upward));
    }

    [Test]
    public void FoldersFormNoCycle()
    {
        var edges = References
            .Where(r => IsOurs(r.FromNamespace) && IsOurs(r.ToNamespace))
            .Select(r => (From: Folder(r.FromNamespace), To: Folder(r.ToNamespace)))
            .Where(e => e.From != e.To)
            .Distinct()
            .ToList();
        var cycles = FolderCycles(edges);
        var described = cycles.Select(c => string.Join(" <-> ", c.Select(Display)) + ": " + string.Join("; ",
                References.Where(r => IsOurs(r.FromNamespace) && IsOurs(r.ToNamespace)
                        && c.Contains(Folder(r.FromNamespace)) && c.Contains(Folder(r.ToNamespace))
                        && Folder(r.FromNamespace) != Folder(r.ToNamespace))
                    .Select(r => $"{r.FromType} -> {r.ToType}")
                    .Order(StringComparer.Ordinal)))
            .ToList();
        Assert.That(described, Is.Empty, "folders that depend on each other:\n" + string.Join("\n", described));
    }

    [Test]
    public void NoFolderUsesAnotherFoldersInternals()
    {
        var reaching = References
            .Where(r => IsOurs(r.FromNamespace) && IsInternal(r.ToNamespace) && Folder(r.FromNamespace) != Folder(r.ToNamespace))
            .Select(r => $"{r.FromType} -> {r.ToType}")
            .Where(r => !PendingInternalReferences.Contains(r))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(reaching, Is.Empty, "references into another folder's Internal namespace (move the code to Kernel or make it the owner's public API):\n" + string.Join("\n", reaching));
    }

    [Test]
    public void KernelHasNoPublicTypes()
    {
        var kernelPublic = typeof(ModulePath).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is { } ns && Folder(ns) == "Kernel")
            .Select(t => t.FullName)
            .ToList();
        Assert.That(kernelPublic, Is.Empty, "Kernel is internal code shared inside GoModules.Core");
    }

    [TestCase("GoModules", ExpectedResult = "")]
    [TestCase("GoModules.Zip.Internal", ExpectedResult = "Zip")]
    [TestCase("GoModules.Kernel.Zip", ExpectedResult = "Kernel")]
    public string FolderOfNamespace(string ns) => Folder(ns);

    [Test]
    public void CycleFinderFindsACycle()
    {
        // The finder itself must see the shape the issue reported (root <-> Fetching) and ignore a chain.
        var cycles = FolderCycles([("", "Fetching"), ("Fetching", ""), ("Zip", "Kernel")]);
        Assert.That(cycles, Has.Count.EqualTo(1));
        Assert.That(cycles[0], Is.EquivalentTo(new[] { "", "Fetching" }));
    }

    private static bool IsOurs(string ns) => ns == "GoModules" || ns.StartsWith("GoModules.", StringComparison.Ordinal);

    private static string Folder(string ns)
    {
        if (ns == "GoModules")
        {
            return "";
        }

        var rest = ns["GoModules.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static bool IsInternal(string ns) => IsOurs(ns) && ns.Split('.').Skip(1).Contains("Internal");

    private static int Layer(string ns) => Layers.TryGetValue(Folder(ns), out var layer) ? layer : int.MaxValue;

    private static string Display(string folder) => folder.Length == 0 ? "(root)" : folder;

    /// <summary>The strongly connected components of more than one folder (Tarjan's algorithm).</summary>
    private static List<List<string>> FolderCycles(IReadOnlyCollection<(string From, string To)> edges)
    {
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var (_, w) in edges.Where(e => e.From == v))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w) && index.TryGetValue(w, out var wIndex))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    result.Add(component);
                }
            }
        }

        foreach (var n in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(n);
        }

        return result;
    }
}
