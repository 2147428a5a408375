using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing.Internal;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;

namespace GoModules.Hashing;

/// <summary>
/// A go.sum (or go.work.sum) file: the hashes a main module has recorded for the module zips and
/// go.mod files it depends on, read, checked, extended and written as the go command does.
/// </summary>
/// <remarks>
/// <para>
/// Each line is <c>path version hash</c>; the version field is <c>version/go.mod</c> for the hash of
/// the go.mod file alone. Lines split on <c>\n</c> and fields on Unicode white space, so CRLF files,
/// tabs and extra blanks read fine; blank lines are skipped. Lines carrying the hash of an empty
/// go.mod (written by an old go command bug) are dropped. Nothing is validated: unknown hash
/// prefixes are kept and duplicate lines stay duplicated until the file is written.
/// </para>
/// <para>
/// A hash for a module is verified when it is listed; the first <c>h1:</c> hash listed that differs
/// is a <see cref="ChecksumMismatchException"/>, so the order of lines matters. Writing sorts by
/// module path, then by version in semantic-version order (<c>v1.9.0</c> &lt; <c>v1.9.0/go.mod</c>
/// &lt; <c>v1.10.0</c>), then by hash, without duplicates.
/// </para>
/// <para>Instances are not thread-safe. See go.dev/ref/mod#go-sum-files.</para>
/// </remarks>
public sealed class GoSumFile
{
    /// <summary>The hash of an empty go.mod file; lines with it are dropped when reading.</summary>
    public const string EmptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

    private const string DefaultFileName = "go.sum";

    private readonly List<GoSumEntry> _entries = [];
    private readonly Dictionary<Key, List<string>> _byKey = [];
    private readonly List<int> _droppedLines = [];

    /// <summary>Initializes a new, empty go.sum file.</summary>
    public GoSumFile()
    {
    }

    /// <summary>Gets every entry in file order, followed by the entries added since.</summary>
    public IReadOnlyList<GoSumEntry> Entries => _entries.AsReadOnly();

    /// <summary>Gets the number of entries (lines) held.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Gets the first line that did not have three fields, when it did not make reading fail: in
    /// <see cref="GoSumReadMode.StopAtMalformedLine"/> the line where reading stopped, in
    /// <see cref="GoSumReadMode.SkipMalformedLines"/> the first line skipped.
    /// </summary>
    /// <value>The error Go 1.22 would report for the file, or <see langword="null"/>.</value>
    public GoSumFormatException? MalformedLine { get; private set; }

    /// <summary>Gets the 1-based numbers of the lines dropped because they carried <see cref="EmptyGoModHash"/>.</summary>
    public IReadOnlyList<int> DroppedLines => _droppedLines.AsReadOnly();

    /// <summary>Reads go.sum content.</summary>
    /// <param name="utf8Text">The bytes of the file.</param>
    /// <param name="mode">How to treat lines without exactly three fields.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <returns>The entries read.</returns>
    /// <remarks>Fields that are not valid UTF-8 are decoded with U+FFFD replacement characters.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not defined.</exception>
    /// <exception cref="GoSumFormatException"><paramref name="mode"/> is
    /// <see cref="GoSumReadMode.ThrowOnMalformedLine"/> and a line does not have three fields.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ only in how the text is given.")]
    public static GoSumFile Parse(ReadOnlySpan<byte> utf8Text, GoSumReadMode mode = GoSumReadMode.ThrowOnMalformedLine, string fileName = DefaultFileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (mode is < GoSumReadMode.ThrowOnMalformedLine or > GoSumReadMode.SkipMalformedLines)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, SR.GoSumUnknownReadMode);
        }

        var file = new GoSumFile();
        file.Read(utf8Text, mode, fileName);
        return file;
    }

    /// <summary>Reads go.sum content given as text.</summary>
    /// <param name="text">The content of the file.</param>
    /// <param name="mode">How to treat lines without exactly three fields.</param>
    /// <param name="fileName">The name used in error messages.</param>
    /// <returns>The entries read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not defined.</exception>
    /// <exception cref="GoSumFormatException"><paramref name="mode"/> is
    /// <see cref="GoSumReadMode.ThrowOnMalformedLine"/> and a line does not have three fields.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ only in how the text is given.")]
    public static GoSumFile Parse(string text, GoSumReadMode mode = GoSumReadMode.ThrowOnMalformedLine, string fileName = DefaultFileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text), mode, fileName);
    }

    /// <summary>Reads a go.sum file from disk; a file that does not exist reads as empty, as in Go.</summary>
    /// <param name="path">The path of the file.</param>
    /// <param name="mode">How to treat lines without exactly three fields.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not defined.</exception>
    /// <exception cref="GoSumFormatException"><paramref name="mode"/> is
    /// <see cref="GoSumReadMode.ThrowOnMalformedLine"/> and a line does not have three fields.</exception>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<GoSumFile> LoadAsync(string path, GoSumReadMode mode = GoSumReadMode.ThrowOnMalformedLine, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data;
        try
        {
            data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            data = [];
        }

        return Parse(data, mode, path);
    }

    /// <summary>Returns the hashes listed for a module version, in file order.</summary>
    /// <param name="module">The module path (unescaped) and version.</param>
    /// <param name="kind">Which hash: of the zip (<c>version</c> lines) or of the go.mod file (<c>version/go.mod</c> lines).</param>
    /// <returns>The hashes, possibly empty.</returns>
    /// <exception cref="ArgumentNullException">The version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public IReadOnlyList<string> GetHashes(ModuleVersion module, GoSumHashKind kind)
        => GetHashesOfField(module.Path.Value, VersionField(module, kind));

    /// <summary>
    /// Returns whether a checksum is known for the module version: at least one <c>h1:</c> hash of the given kind is
    /// listed (Go's <c>HaveSum</c>; hashes with other prefixes do not count).
    /// </summary>
    /// <param name="module">The module path (unescaped) and version.</param>
    /// <param name="kind">Which hash: of the zip or of the go.mod file.</param>
    /// <returns><see langword="true"/> when an <c>h1:</c> hash is listed.</returns>
    /// <exception cref="ArgumentNullException">The version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public bool HasSum(ModuleVersion module, GoSumHashKind kind)
    {
        foreach (var h in GetHashes(module, kind))
        {
            if (h.StartsWith(DirHash.H1Prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks a hash against the file and reports the outcome, as the go command's <c>checkModSum</c> does before it
    /// decides whether to ask the checksum database: <see cref="GoSumVerification.Verified"/>, or why nothing could be
    /// verified (<see cref="GoSumVerification.Missing"/>, <see cref="GoSumVerification.UnknownHashesOnly"/>). A
    /// mismatch is never a return value: it throws.
    /// </summary>
    /// <param name="module">The module path (unescaped) and version.</param>
    /// <param name="kind">Which hash <paramref name="hash"/> is: of the zip (<see cref="DirHash.HashZipAsync(string, CancellationToken)"/>)
    /// or of the go.mod file (<see cref="DirHash.HashGoMod"/>).</param>
    /// <param name="hash">The hash computed from the downloaded content.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> or the version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    /// <exception cref="ChecksumMismatchException">An <c>h1:</c> hash that differs from
    /// <paramref name="hash"/> is listed before any equal one.</exception>
    public GoSumVerification Check(ModuleVersion module, GoSumHashKind kind, string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var field = VersionField(module, kind);
        return Verify(module.Path.Value, module.Version, field, kind == GoSumHashKind.GoMod, hash);
    }

    /// <summary>
    /// Verifies the hash of a module zip (<see cref="DirHash.HashZipAsync(string, CancellationToken)"/>) against the
    /// file, as the go command does when go.sum may not be updated: it returns only when go.sum lists the hash.
    /// </summary>
    /// <param name="module">The module path (unescaped) and version.</param>
    /// <param name="hash">The hash computed from the downloaded zip.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> or the version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ChecksumMismatchException">An <c>h1:</c> hash that differs from
    /// <paramref name="hash"/> is listed before any equal one.</exception>
    /// <exception cref="ChecksumMissingException">go.sum lists no <c>h1:</c> hash for the zip
    /// (<c>path@version: missing go.sum entry</c>); <see cref="Check"/> reports this instead of throwing.</exception>
    public void VerifyZipHash(ModuleVersion module, string hash) => VerifyOrThrow(module, GoSumHashKind.Zip, hash);

    /// <summary>
    /// Verifies the hash of a go.mod file (<see cref="DirHash.HashGoMod"/>) against the file's <c>/go.mod</c> lines:
    /// it returns only when go.sum lists the hash.
    /// </summary>
    /// <param name="module">The module path (unescaped) and version (without <c>/go.mod</c>).</param>
    /// <param name="hash">The hash computed from the downloaded go.mod.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> or the version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ChecksumMismatchException">An <c>h1:</c> hash that differs from
    /// <paramref name="hash"/> is listed before any equal one.</exception>
    /// <exception cref="ChecksumMissingException">go.sum lists no <c>h1:</c> hash for the go.mod file
    /// (<c>path@version: missing go.sum entry for go.mod file</c>); <see cref="Check"/> reports this instead of throwing.</exception>
    public void VerifyGoModHash(ModuleVersion module, string hash) => VerifyOrThrow(module, GoSumHashKind.GoMod, hash);

    /// <summary>
    /// Records a hash for a module version, as the go command does after downloading it. Nothing changes when
    /// the hash is already listed.
    /// </summary>
    /// <param name="module">The module path (unescaped) and version.</param>
    /// <param name="kind">Which hash <paramref name="hash"/> is: of the zip or of the go.mod file.</param>
    /// <param name="hash">The hash to record.</param>
    /// <returns><see langword="true"/> when the entry was added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> or the version of <paramref name="module"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    /// <exception cref="ArgumentException">A field is empty or contains white space (the line could not be read back).</exception>
    /// <exception cref="ChecksumMismatchException">A different <c>h1:</c> hash is already listed for the module version.</exception>
    public bool Add(ModuleVersion module, GoSumHashKind kind, string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var field = VersionField(module, kind);
        var path = module.Path.Value;
        CheckField(path, nameof(module));
        CheckField(module.Version, nameof(module));
        CheckField(hash, nameof(hash));
        if (Verify(path, module.Version, field, kind == GoSumHashKind.GoMod, hash) == GoSumVerification.Verified)
        {
            return false;
        }

        Append(new GoSumEntry(path, field, hash));
        return true;
    }

    /// <summary>
    /// Records a line as read from another go.sum file (for merging files; its version field may end in
    /// <c>/go.mod</c> and its path is not checked), as <see cref="Add(ModuleVersion, GoSumHashKind, string)"/> does.
    /// </summary>
    /// <param name="entry">The line.</param>
    /// <returns><see langword="true"/> when the entry was added.</returns>
    /// <exception cref="ArgumentNullException">A field of <paramref name="entry"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field is empty or contains white space.</exception>
    /// <exception cref="ChecksumMismatchException">A different <c>h1:</c> hash is already listed for the same key.</exception>
    public bool Add(GoSumEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry.Path, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Version, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Hash, nameof(entry));
        CheckField(entry.Path, nameof(entry));
        CheckField(entry.Version, nameof(entry));
        CheckField(entry.Hash, nameof(entry));
        if (Verify(entry.Path, entry.ModuleVersion, entry.Version, entry.IsGoMod, entry.Hash) == GoSumVerification.Verified)
        {
            return false;
        }

        Append(entry);
        return true;
    }

    /// <summary>The hashes of a key given as raw go.sum fields (a version field may end in <c>/go.mod</c>).</summary>
    internal IReadOnlyList<string> GetHashesOfField(string path, string versionField)
        => _byKey.TryGetValue(new Key(path, versionField), out var list) ? list.AsReadOnly() : ReadOnlyCollection<string>.Empty;

    /// <summary>
    /// Returns the file as the go command writes it: one <c>path version hash\n</c> line per distinct
    /// entry, sorted by module path, then version (semantic-version order, <c>/go.mod</c> after its
    /// version), then hash.
    /// </summary>
    /// <returns>The text of the file; empty when there are no entries.</returns>
    /// <remarks>
    /// Go leaves the relative order of versions that compare equal as semantic versions (invalid
    /// versions, or versions that differ only in build metadata) unspecified; they are written here in
    /// byte order.
    /// </remarks>
    public string Format()
    {
        var keys = new Key[_byKey.Count];
        _byKey.Keys.CopyTo(keys, 0);
        Array.Sort(keys, KeyOrder.Instance);
        var text = new StringBuilder();
        var hashes = new List<string>();
        foreach (var key in keys)
        {
            hashes.Clear();
            hashes.AddRange(_byKey[key]);
            hashes.Sort(Utf8Order.Instance);
            for (var i = 0; i < hashes.Count; i++)
            {
                if (i > 0 && string.Equals(hashes[i], hashes[i - 1], StringComparison.Ordinal))
                {
                    continue;
                }

                text.Append(key.Path).Append(' ').Append(key.Version).Append(' ').Append(hashes[i]).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/>'s text to a stream as UTF-8.</summary>
    /// <param name="destination">The stream to write to; it is not disposed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the text is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var bytes = Encoding.UTF8.GetBytes(Format());
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static string VersionField(ModuleVersion module, GoSumHashKind kind)
    {
        if (module.Version is null)
        {
            throw new ArgumentNullException(nameof(module), SR.GoSumVersionNull);
        }

        return kind switch
        {
            GoSumHashKind.Zip => module.Version,
            GoSumHashKind.GoMod => module.Version + GoSumEntry.GoModSuffix,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, SR.GoSumUnknownKind),
        };
    }

    private void VerifyOrThrow(ModuleVersion module, GoSumHashKind kind, string hash)
    {
        var outcome = Check(module, kind, hash);
        if (outcome != GoSumVerification.Verified)
        {
            throw new ChecksumMissingException(module, kind, outcome == GoSumVerification.UnknownHashesOnly);
        }
    }

    private GoSumVerification Verify(string path, string version, string field, bool isGoMod, string hash)
    {
        if (!_byKey.TryGetValue(new Key(path, field), out var list) || list.Count == 0)
        {
            return GoSumVerification.Missing;
        }

        foreach (var recorded in list)
        {
            if (string.Equals(recorded, hash, StringComparison.Ordinal))
            {
                return GoSumVerification.Verified;
            }

            if (recorded.StartsWith(DirHash.H1Prefix, StringComparison.Ordinal))
            {
                throw new ChecksumMismatchException(path, version, isGoMod, recorded, hash, "go.sum");
            }
        }

        return GoSumVerification.UnknownHashesOnly;
    }

    private void Append(GoSumEntry entry)
    {
        _entries.Add(entry);
        var key = new Key(entry.Path, entry.Version);
        if (!_byKey.TryGetValue(key, out var list))
        {
            list = [];
            _byKey.Add(key, list);
        }

        list.Add(entry.Hash);
    }

    private static void CheckField(string value, string name)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException(SR.GoSumFieldEmpty, name);
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (GoSumText.IsSpace(rune.Value))
            {
                throw new ArgumentException(SRFormat.Format(SR.GoSumFieldHasSpace, value), name);
            }
        }
    }

    private void Read(ReadOnlySpan<byte> data, GoSumReadMode mode, string fileName)
    {
        Span<Range> fields = stackalloc Range[4];
        var lineNumber = 0;
        while (!data.IsEmpty)
        {
            lineNumber++;
            ReadOnlySpan<byte> line;
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                line = data;
                data = default;
            }
            else
            {
                line = data[..newline];
                data = data[(newline + 1)..];
            }

            var count = GoSumText.SplitFields(line, fields);
            if (count == 0)
            {
                continue;
            }

            if (count != 3)
            {
                var error = new GoSumFormatException(fileName, lineNumber, count, Encoding.UTF8.GetString(line));
                if (mode == GoSumReadMode.ThrowOnMalformedLine)
                {
                    throw error;
                }

                MalformedLine ??= error;
                if (mode == GoSumReadMode.StopAtMalformedLine)
                {
                    return;
                }

                continue;
            }

            var hash = line[fields[2]];
            if (hash.SequenceEqual("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="u8))
            {
                _droppedLines.Add(lineNumber);
                continue;
            }

            Append(new GoSumEntry(Encoding.UTF8.GetString(line[fields[0]]), Encoding.UTF8.GetString(line[fields[1]]), Encoding.UTF8.GetString(hash)));
        }
    }

    private readonly record struct Key(string Path, string Version);

    /// <summary>Go's module.Sort order for go.sum keys, made total with byte-order tie breaks.</summary>
    private sealed class KeyOrder : IComparer<Key>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Key x, Key y)
        {
            var c = Utf8Order.Compare(x.Path, y.Path);
            if (c != 0)
            {
                return c;
            }

            SplitVersion(x.Version, out var xv, out var xf);
            SplitVersion(y.Version, out var yv, out var yf);
            if (!xv.SequenceEqual(yv))
            {
                c = SemVer.Compare(xv, yv);
                if (c != 0)
                {
                    return c;
                }

                // Go leaves this order undefined; pick byte order.
                c = Utf8Order.Compare(xv, yv);
                if (c != 0)
                {
                    return c;
                }
            }

            return Utf8Order.Compare(xf, yf);
        }

        private static void SplitVersion(string version, out ReadOnlySpan<char> semver, out ReadOnlySpan<char> file)
        {
            var slash = version.IndexOf('/', StringComparison.Ordinal);
            semver = slash < 0 ? version : version.AsSpan(0, slash);
            file = slash < 0 ? default : version.AsSpan(slash);
        }
    }
}
