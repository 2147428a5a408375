using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing.Internal;
using GoModules.Kernel.Hashing;
using GoModules.Kernel.Zip;
using GoModules.Kernel;

namespace GoModules.Hashing;

/// <summary>
/// The <c>h1:</c> directory hash that go.sum files, <c>.ziphash</c> files and the checksum database
/// record for every module version, computed exactly as golang.org/x/mod's <c>sumdb/dirhash</c> does.
/// </summary>
/// <remarks>
/// <para>
/// Hash1 lists the files of a module under names of the form <c>module@version/file/path</c>, sorts
/// the names by their UTF-8 bytes, and hashes a summary with one line per file: the lowercase hex
/// SHA-256 of its content, two spaces, its name and a newline. The result is <c>h1:</c> followed by
/// the standard base64 of the SHA-256 of that summary, 47 characters in all. Names containing a
/// newline cannot be hashed.
/// </para>
/// <para>
/// The same content gives the same hash whether it comes from a module zip
/// (<see cref="HashZipAsync(string, CancellationToken)"/>), from its extracted directory
/// (<see cref="HashDirectoryAsync(string, string, CancellationToken)"/>) or from any list of names with an opener (<see cref="Hash1"/>).
/// The separate hash recorded on <c>/go.mod</c> lines covers the go.mod file alone
/// (<see cref="HashGoMod"/>).
/// </para>
/// <para>
/// Files hash independently, so the work is spread over all cores; memory use does not grow
/// with file sizes (each core streams through one pooled buffer). See go.dev/ref/mod#go-sum-files.
/// </para>
/// </remarks>
public static partial class DirHash
{
    /// <summary>The prefix of every hash this class produces: <c>h1:</c>.</summary>
    public const string H1Prefix = "h1:";

    private static readonly DirHashOptions DefaultOptions = new();

    private const string NewlineMessage = "dirhash: filenames with newlines are not supported";

    /// <summary>
    /// Computes the h1 hash of the files named by <paramref name="names"/>, reading each file's
    /// content from the stream <paramref name="open"/> returns (x/mod's <c>dirhash.Hash1</c>).
    /// </summary>
    /// <param name="names">The file names as they appear in the hash, for example
    /// <c>example.com/m@v1.0.0/go.mod</c>. They are used exactly as given; duplicates each get a line.</param>
    /// <param name="open">Opens the content of a name. It is called once per name, possibly from
    /// several threads at once, and the stream it returns is disposed after reading.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> or <paramref name="open"/> is
    /// null, or <paramref name="names"/> contains null.</exception>
    /// <exception cref="NotSupportedException">A name contains a newline (U+000A). Like Go, names sorted
    /// before it are opened and read first, and an error opening one of those wins.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="open"/> returned null.</exception>
    public static string Hash1(IEnumerable<string> names, Func<string, Stream> open)
        => Hash1Core(names, open, capture: null);

    /// <summary>
    /// Computes the h1 hash of the files named by <paramref name="names"/>, opening each file's
    /// content asynchronously. Same rules as <see cref="Hash1"/>.
    /// </summary>
    /// <param name="names">The file names as they appear in the hash; used exactly as given.</param>
    /// <param name="open">Opens the content of a name. It is called once per name, possibly several
    /// at a time, and the stream it returns is disposed after reading.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> or <paramref name="open"/> is
    /// null, or <paramref name="names"/> contains null.</exception>
    /// <exception cref="NotSupportedException">A name contains a newline (U+000A).</exception>
    /// <exception cref="InvalidOperationException"><paramref name="open"/> returned null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<string> Hash1Async(
        IEnumerable<string> names,
        Func<string, CancellationToken, ValueTask<Stream>> open,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        cancellationToken.ThrowIfCancellationRequested();
        var sorted = SortedCopy(names, out var limit);
        var digests = new byte[limit * HashWorker.DigestSize];
        await ParallelHashing.RunAsync(
            limit,
            sizes: null,
            ParallelHashing.WorkerCount(limit, long.MaxValue),
            async (worker, i, ct) =>
            {
                var stream = await open(sorted[i], ct).ConfigureAwait(false) ?? throw NullStream(sorted[i]);
                await using (stream.ConfigureAwait(false))
                {
                    await worker.HashStreamAsync(stream, digests.AsMemory(i * HashWorker.DigestSize, HashWorker.DigestSize), ct).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return FinishStrings(sorted, limit, digests, capture: null);
    }

    /// <summary>
    /// Computes the h1 hash of the files under a directory, named <paramref name="prefix"/> + "/" +
    /// their slash-separated path relative to <paramref name="directory"/>: x/mod's
    /// <c>dirhash.HashDir</c>, which <c>go mod verify</c> calls with the prefix <c>module@version</c>.
    /// </summary>
    /// <param name="directory">The root of the tree, for example an extracted module in the module cache.</param>
    /// <param name="prefix">The name prefix, normally <c>module@version</c> with the unescaped path and
    /// version. As in Go, each name is the cleaned join of prefix and relative path; an empty prefix
    /// gives bare relative paths.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <remarks>Every entry that is not a directory is listed, including symbolic links, which are not
    /// followed during the walk but are read through (so a link to a directory makes hashing fail, as in Go).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> or <paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file, or a file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A directory or file cannot be opened.</exception>
    /// <exception cref="NotSupportedException">A file name contains a newline (U+000A).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the options argument only; they cannot be confused.")]
    public static Task<string> HashDirectoryAsync(string directory, string prefix, CancellationToken cancellationToken = default)
        => HashDirectoryAsync(directory, prefix, DefaultOptions, cancellationToken);

    /// <summary>
    /// Computes the h1 hash of the files under a directory with the given settings; see
    /// <see cref="HashDirectoryAsync(string, string, CancellationToken)"/>.
    /// </summary>
    /// <param name="directory">The root of the tree.</param>
    /// <param name="prefix">The name prefix, normally <c>module@version</c>.</param>
    /// <param name="options">The settings (<see cref="DirHashOptions.MaxDegreeOfParallelism"/> applies).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/>, <paramref name="prefix"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file, or a file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A directory or file cannot be opened.</exception>
    /// <exception cref="NotSupportedException">A file name contains a newline (U+000A).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the options argument only; they cannot be confused.")]
    public static Task<string> HashDirectoryAsync(string directory, string prefix, DirHashOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(cancellationToken);
        }

        var workers = options.MaxDegreeOfParallelism ?? 0;
        return Task.Run(
            () =>
            {
                ParallelHashing.MaxWorkers = workers;
                return HashDirectoryCore(directory, prefix, capture: null, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>
    /// Computes the h1 hash of the contents of a zip file: x/mod's <c>dirhash.HashZip</c>, the hash
    /// the go command records for a module zip in go.sum and in <c>.ziphash</c> files.
    /// </summary>
    /// <param name="zipFile">The path of the zip file.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <remarks>
    /// Every entry counts, under its name exactly as stored (a proper module zip names entries
    /// <c>module@version/path</c>), directory entries included; compression, timestamps, modes and
    /// entry order do not matter. Each entry is inflated once. Sizes and CRC-32 checksums are checked
    /// as Go's archive/zip reader checks them.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="zipFile"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="zipFile"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable zip archive, an entry uses a
    /// compression method other than store or deflate, or an entry's data does not match its recorded
    /// size or CRC-32 (Go's <c>zip: not a valid zip file</c>, <c>zip: unsupported compression
    /// algorithm</c>, <c>unexpected EOF</c>, <c>zip: checksum error</c>).</exception>
    /// <exception cref="NotSupportedException">An entry name contains a newline (U+000A).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Each overload takes one source and the usual optional token; they cannot be confused.")]
    public static Task<string> HashZipAsync(string zipFile, CancellationToken cancellationToken = default)
        => HashZipAsync(zipFile, DefaultOptions, cancellationToken);

    /// <summary>
    /// Computes the h1 hash of the contents of a zip file with the given settings; see
    /// <see cref="HashZipAsync(string, CancellationToken)"/>. With <see cref="DirHashOptions.RequiredZipPrefix"/> set,
    /// every entry name is checked against the prefix before anything is hashed.
    /// </summary>
    /// <param name="zipFile">The path of the zip file.</param>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zipFile"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="zipFile"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable zip archive, an entry's data does not match
    /// its recorded size or CRC-32, or an entry name does not start with <see cref="DirHashOptions.RequiredZipPrefix"/>
    /// (<c>file: entry "name" is not under prefix</c>).</exception>
    /// <exception cref="NotSupportedException">An entry name contains a newline (U+000A).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Each overload takes one source and the usual optional token; they cannot be confused.")]
    public static Task<string> HashZipAsync(string zipFile, DirHashOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipFile);
        ArgumentNullException.ThrowIfNull(options);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(cancellationToken);
        }

        var workers = options.MaxDegreeOfParallelism ?? 0;
        var prefix = options.RequiredZipPrefix;
        return Task.Run(
            () =>
            {
                ParallelHashing.MaxWorkers = workers;
                using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                var source = new ZipSource.FileHandle(handle, RandomAccess.GetLength(handle));
                if (!string.IsNullOrEmpty(prefix))
                {
                    foreach (var name in ZipArchiveHash.ListNames(source))
                    {
                        if (!name.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            throw new InvalidDataException(SRFormat.Format(SR.HashZipEntryOutsidePrefix, zipFile, name, prefix));
                        }
                    }
                }

                return ZipArchiveHash.Compute(source, capture: null, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>
    /// Computes the h1 hash of a zip archive held in a seekable stream; see
    /// <see cref="HashZipAsync(string, CancellationToken)"/>.
    /// </summary>
    /// <param name="zip">A readable, seekable stream whose whole content, from position 0, is the archive.
    /// File streams are read with positional reads in parallel; other streams one read at a time.
    /// The stream is not disposed and its position afterwards is unspecified.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zip"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="zip"/> cannot read or cannot seek (the central
    /// directory is at the end of an archive).</exception>
    /// <exception cref="InvalidDataException">The archive is not readable or an entry's data does not
    /// match its recorded size or CRC-32.</exception>
    /// <exception cref="NotSupportedException">An entry name contains a newline (U+000A).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Each overload takes one source and the usual optional token; they cannot be confused.")]
    public static async Task<string> HashZipAsync(Stream zip, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (!zip.CanRead || !zip.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable: a zip archive's central directory is at its end.", nameof(zip));
        }

        cancellationToken.ThrowIfCancellationRequested();
        ZipSource source;
        if (zip is FileStream file)
        {
            if (file.CanWrite)
            {
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            source = new ZipSource.FileHandle(file.SafeFileHandle, file.Length);
        }
        else if (zip is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            source = new ZipSource.Memory(segment);
        }
        else
        {
            source = new ZipSource.LockedStream(zip);
        }

        return await Task.Run(() => ZipArchiveHash.Compute(source, capture: null, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes the hash recorded on a go.sum <c>/go.mod</c> line: Hash1 over the single name
    /// <c>go.mod</c> (no module prefix) with <paramref name="goMod"/> as its content.
    /// </summary>
    /// <param name="goMod">The bytes of the go.mod file.</param>
    /// <returns>The hash, <c>h1:</c> followed by 44 base64 characters.</returns>
    public static string HashGoMod(ReadOnlySpan<byte> goMod)
    {
        Span<byte> line = stackalloc byte[(2 * HashWorker.DigestSize) + 2 + 6 + 1];
        Span<byte> digest = stackalloc byte[HashWorker.DigestSize];
        SHA256.HashData(goMod, digest);
        SummaryWriter.WriteHex(digest, line);
        "  go.mod\n"u8.CopyTo(line[(2 * HashWorker.DigestSize)..]);
        SHA256.HashData(line, digest);
        return SummaryWriter.FormatH1(digest);
    }

    /// <summary>Hash1 that also hands the summary text to <paramref name="capture"/> (for tests).</summary>
    internal static string Hash1Core(IEnumerable<string> names, Func<string, Stream> open, IBufferWriter<byte>? capture)
    {
        ArgumentNullException.ThrowIfNull(open);
        var sorted = SortedCopy(names, out var limit);
        var digests = new byte[limit * HashWorker.DigestSize];
        ParallelHashing.Run(
            limit,
            sizes: null,
            ParallelHashing.WorkerCount(limit, long.MaxValue),
            (worker, i) =>
            {
                using var stream = open(sorted[i]) ?? throw NullStream(sorted[i]);
                worker.HashStream(stream, digests.AsSpan(i * HashWorker.DigestSize, HashWorker.DigestSize));
            },
            CancellationToken.None);
        return FinishStrings(sorted, limit, digests, capture);
    }

    internal static NotSupportedException NewlineError(string name)
        => new($"{NewlineMessage}: \"{name.Replace("\n", "\\n", StringComparison.Ordinal)}\"");

    private static InvalidOperationException NullStream(string name)
        => new($"The open function returned null for '{name}'.");

    private static string[] SortedCopy(IEnumerable<string> names, out int limit)
    {
        ArgumentNullException.ThrowIfNull(names);
        var sorted = new List<string>(names is ICollection<string> c ? c.Count : 16);
        foreach (var name in names)
        {
            sorted.Add(name ?? throw new ArgumentNullException(nameof(names), "A name is null."));
        }

        var array = sorted.ToArray();
        Array.Sort(array, Utf8Order.Instance);
        limit = FirstNewline(array);
        return array;
    }

    private static int FirstNewline(string[] sorted)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Contains('\n', StringComparison.Ordinal))
            {
                return i;
            }
        }

        return sorted.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string FinishStrings(string[] sorted, int limit, byte[] digests, IBufferWriter<byte>? capture)
    {
        if (limit < sorted.Length)
        {
            throw NewlineError(sorted[limit]);
        }

        var summary = new SummaryWriter(capture);
        try
        {
            for (var i = 0; i < sorted.Length; i++)
            {
                summary.AppendLine(digests.AsSpan(i * HashWorker.DigestSize, HashWorker.DigestSize), sorted[i].AsSpan());
            }

            return summary.Finish();
        }
        finally
        {
            summary.Dispose();
        }
    }
}
