using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Zip.Internal;

namespace GoModules.Zip;

/// <summary>
/// Reads a module zip once, from an untrusted source, and in that one pass checks every rule of
/// module zips, computes the go.sum <c>h1:</c> hash and, when asked, extracts the files.
/// </summary>
/// <remarks>
/// <para>
/// The streaming reader (<see cref="ReadAsync(PipeReader, string, string, ModuleZipReadOptions?, CancellationToken)"/>)
/// goes forward only. Each entry's name is checked as soon as its local header has arrived; its
/// data is inflated, hashed and written as it arrives, with the size limits enforced byte by byte.
/// At the end the central directory must agree with what was streamed: the same names in the same
/// order, flags, methods, CRC-32s, sizes and offsets, the same count, and no bytes before, between
/// or after the records. Stored and deflated entries, data descriptors and zip64 are supported;
/// encrypted entries, other methods and symbolic-link entries are rejected.
/// </para>
/// <para>
/// The seekable reader (<see cref="ReadFileAsync"/>) reads the central directory of a file first
/// and then inflates and hashes entries in parallel, with the same checks.
/// </para>
/// <para>Every failure is a <see cref="ModuleZipException"/> naming the entry and the reason, raised
/// as early as the bytes allow; an extraction that fails leaves nothing on disk.</para>
/// </remarks>
public static class ModuleZipReader
{
    private const int ProgressStep = 256 * 1024;

    /// <summary>Reads, verifies and hashes (and optionally extracts) a module zip from a pipe.</summary>
    /// <param name="source">The archive bytes. Read to the end; not completed by this method.</param>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="options">Extraction and progress options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hash and sizes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ModuleZipException">The module path or version is invalid, or the archive
    /// breaks a rule of module zips, is malformed or hostile.</exception>
    /// <exception cref="IOException">Reading the source or writing the files failed.</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Each overload takes one kind of source; they cannot be confused.")]
    public static async ValueTask<ModuleZipReadResult> ReadAsync(PipeReader source, string modulePath, string version, ModuleZipReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        cancellationToken.ThrowIfCancellationRequested();
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        if (moduleError is not null)
        {
            throw moduleError;
        }

        var target = options?.ExtractTo is { } dir ? new ExtractionTarget(dir) : null;
        using (target)
        {
            using var parser = new StreamingZipParser(modulePath + "@" + version + "/", target, options?.AllowSymbolicLinkEntries ?? true);
            var progress = options?.Progress;
            var reported = 0L;
            try
            {
                while (true)
                {
                    var result = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var buffer = result.Buffer;
                    long consumed = 0;
                    try
                    {
                        if (parser.Position + buffer.Length > ModuleZipLimits.MaxZipFile)
                        {
                            throw ModuleZipValidator.ZipFileTooLarge(parser.Position + buffer.Length);
                        }

                        consumed = parser.Process(buffer, result.IsCompleted);
                    }
                    finally
                    {
                        source.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
                    }

                    if (progress is not null && parser.Position - reported >= ProgressStep)
                    {
                        reported = parser.Position;
                        progress.Report(reported);
                    }

                    if (parser.IsFinished)
                    {
                        break;
                    }

                    if (result.IsCanceled)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }

                parser.CompleteWrites();
                var hash = parser.ComputeHash();
                target?.Commit();
                progress?.Report(parser.Position);
                return new ModuleZipReadResult(hash, parser.EntryCount, parser.FileCount, parser.UncompressedSize, parser.Position);
            }
            catch
            {
                parser.Abort();
                throw;
            }
        }
    }

    /// <summary>Reads, verifies and hashes (and optionally extracts) a module zip from a stream, forward only.</summary>
    /// <param name="source">The archive bytes; read to the end and left open.</param>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="options">Extraction and progress options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hash and sizes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ModuleZipException">As for the <see cref="PipeReader"/> overload.</exception>
    /// <exception cref="IOException">Reading the source or writing the files failed.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Each overload takes one kind of source; they cannot be confused.")]
    public static async ValueTask<ModuleZipReadResult> ReadAsync(Stream source, string modulePath, string version, ModuleZipReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = PipeReader.Create(source, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            return await ReadAsync(reader, modulePath, version, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads, verifies and hashes (and optionally extracts) a module zip file: central directory
    /// first, then the entries inflated and hashed in parallel.
    /// </summary>
    /// <param name="zipFile">The zip file.</param>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="options">Extraction, progress and parallelism options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hash and sizes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ModuleZipException">As for the streaming reader.</exception>
    /// <exception cref="IOException">Reading the file or writing the files failed.</exception>
    public static Task<ModuleZipReadResult> ReadFileAsync(string zipFile, string modulePath, string version, ModuleZipReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zipFile);
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        return SeekableZipReader.ReadAsync(zipFile, modulePath, version, options, cancellationToken);
    }
}
