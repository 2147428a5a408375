using System.Text;
using GoModules.SumDb;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb.Support;

/// <summary>
/// A checksum database server written for the tests: it appends go.sum records to a transparency
/// log, keeps every stored hash, signs tree heads with a test key and answers the three kinds of
/// request a client makes (<c>/lookup/…</c>, <c>/latest</c>, <c>/tile/…</c>).
/// </summary>
internal sealed class TestChecksumDatabase
{
    private readonly object _lock = new();
    private readonly List<byte[]> _records = [];
    private readonly List<TlogHash> _hashes = [];
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);

    public TestChecksumDatabase(string name = "sum.test.example", int height = 8, NoteSigner? signer = null)
    {
        Signer = signer ?? NoteSigner.Generate(name);
        Height = height;
    }

    public NoteSigner Signer { get; }

    public NoteVerifier Verifier => Signer.Verifier;

    public string Name => Signer.Name;

    public int Height { get; }

    /// <summary>When set, every tree head is signed as if the log had only this many records (a server serving an old tree).</summary>
    public long? FreezeSize { get; set; }

    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Appends a record and returns its id.</summary>
    public long AddRecord(string key, byte[] text)
    {
        lock (_lock)
        {
            var id = (long)_records.Count;
            _records.Add(text);
            if (key.Length > 0)
            {
                _ids[key] = id;
            }

            var siblings = Tlog.StoredHashesIndexes(id).Select(i => _hashes[(int)i]).ToArray();
            _hashes.AddRange(Tlog.StoredHashes(id, Tlog.RecordHash(text), siblings));
            return id;
        }
    }

    /// <summary>Appends the go.sum lines of a module version.</summary>
    public long AddModule(string path, string version, string zipHash, string modHash)
        => AddRecord(path + "@" + version, Encoding.UTF8.GetBytes($"{path} {version} {zipHash}\n{path} {version}/go.mod {modHash}\n"));

    /// <summary>Appends <paramref name="count"/> filler records.</summary>
    public void AddFiller(int count, string prefix = "filler.example/m")
    {
        for (var i = 0; i < count; i++)
        {
            var n = Size;
            AddModule($"{prefix}{n}", "v1.0.0", FakeHash(n, 1), FakeHash(n, 2));
        }
    }

    public static string FakeHash(long n, int kind)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{n}/{kind}"));
        return "h1:" + Convert.ToBase64String(bytes);
    }

    public TlogHash[] ReadHashes(IEnumerable<long> indexes)
    {
        lock (_lock)
        {
            return indexes.Select(i => _hashes[checked((int)i)]).ToArray();
        }
    }

    public TreeHead TreeAt(long n) => new(n, Tlog.TreeHash(n, ReadHashes(Tlog.TreeHashIndexes(n))));

    public TreeHead Tree => TreeAt(FreezeSize ?? Size);

    /// <summary>The signed tree head for a tree of size <paramref name="n"/> (default: the current tree).</summary>
    public byte[] SignedTree(long? n = null) => NoteSigner.Sign(TreeAt(n ?? FreezeSize ?? Size).Format(), Signer);

    public byte[] Record(long id)
    {
        lock (_lock)
        {
            return _records[checked((int)id)];
        }
    }

    public bool TryGetId(string path, string version, out long id)
    {
        lock (_lock)
        {
            return _ids.TryGetValue(path + "@" + version, out id);
        }
    }

    /// <summary>The lookup answer: framed record followed by the signed tree head.</summary>
    public byte[] LookupAnswer(long id, long? treeSize = null) => [.. TlogRecord.Format(id, Record(id)), .. SignedTree(treeSize)];

    /// <summary>Tile data: the hashes of the tile, or (level "data") the framed records.</summary>
    public byte[] TileData(TlogTile tile)
    {
        if (tile.L == -1)
        {
            var start = tile.N << tile.H;
            return Enumerable.Range(0, tile.W).SelectMany(i => TlogRecord.Format(start + i, Record(start + i))).ToArray();
        }

        var hashes = ReadHashes(tile.HashIndexes());
        var data = new byte[hashes.Length * TlogHash.Size];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i].CopyTo(data.AsSpan(i * TlogHash.Size));
        }

        return data;
    }

    /// <summary>Answers a server path: status and body.</summary>
    public (int Status, byte[] Body) Serve(string path)
    {
        if (path == "/latest")
        {
            return (200, SignedTree());
        }

        if (path.StartsWith("/lookup/", StringComparison.Ordinal))
        {
            var mod = path["/lookup/".Length..];
            var at = mod.LastIndexOf('@');
            if (at < 0)
            {
                return (400, "invalid module@version syntax\n"u8.ToArray());
            }

            var modPath = Unescape(mod[..at]);
            var version = Unescape(mod[(at + 1)..]);
            if (!TryGetId(modPath, version, out var id) || id >= (FreezeSize ?? Size))
            {
                return (404, Encoding.UTF8.GetBytes($"not found: {modPath}@{version}\n"));
            }

            return (200, LookupAnswer(id));
        }

        if (path.StartsWith("/tile/", StringComparison.Ordinal) && TlogTile.TryParsePath(path[1..], out var tile) && tile.H == Height)
        {
            // Tiles are served for everything the log holds, even while it signs an older size.
            var size = Size;
            var available = tile.L == -1 ? size : Tlog.StoredHashCount(size);
            var lastIndex = tile.L == -1 ? (tile.N << tile.H) + tile.W - 1 : tile.HashIndexes()[^1];
            if (lastIndex >= available)
            {
                return (404, "tile not found\n"u8.ToArray());
            }

            return (200, TileData(tile));
        }

        return (404, "not found\n"u8.ToArray());
    }

    /// <summary>Undoes the "!x" case escaping of module paths and versions.</summary>
    public static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '!' && i + 1 < s.Length)
            {
                sb.Append(char.ToUpperInvariant(s[++i]));
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
