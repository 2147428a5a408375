using System;
using System.IO.Hashing;
using System.Security.Cryptography;
using GoModules.Kernel;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Takes the decompressed bytes of one entry at a time: CRC-32, SHA-256 for the h1 hash, optional
/// extraction, and the size limits enforced byte by byte, so an over-long entry is stopped as soon
/// as it crosses its limit. Reused for every entry.
/// </summary>
internal sealed class EntrySink : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private SafeFileHandle? _file;
    private BackgroundFileWriter? _writer;
    private long _limit;
    private LimitKind _limitKind;
    private readonly Func<string> _entryName;

    public EntrySink(Func<string> entryName)
    {
        _entryName = entryName;
    }

    public enum LimitKind
    {
        Declared,
        FileLimit,
        Budget,
    }

    private readonly Crc32 _crc = new();

    /// <summary>Gets the CRC-32 of the bytes written to the current entry.</summary>
    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public long Written { get; private set; }

    /// <summary>Starts an entry.</summary>
    /// <param name="file">The extraction file, or null.</param>
    /// <param name="limit">The most bytes the entry may yield.</param>
    /// <param name="limitKind">Which limit that is (for the error).</param>
    public void Begin(SafeFileHandle? file, long limit, LimitKind limitKind) => Begin(file, null, limit, limitKind);

    /// <summary>Starts an entry whose bytes go to a file begun on a background writer.</summary>
    /// <param name="file">The extraction file written directly, or null.</param>
    /// <param name="writer">The background writer holding the entry's file (already begun), or null.</param>
    /// <param name="limit">The most bytes the entry may yield.</param>
    /// <param name="limitKind">Which limit that is (for the error).</param>
    public void Begin(SafeFileHandle? file, BackgroundFileWriter? writer, long limit, LimitKind limitKind)
    {
        _file = file;
        _writer = writer;
        _limit = limit;
        _limitKind = limitKind;
        _crc.Reset();
        Written = 0;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (data.Length > _limit - Written)
        {
            throw LimitError();
        }

        _crc.Append(data);
        if (_writer is not null)
        {
            // The writer thread hashes and writes.
            _writer.Append(data);
        }
        else
        {
            _sha.AppendData(data);
            if (_file is not null)
            {
                ExtractionTarget.Write(_file, data, Written);
            }
        }

        Written += data.Length;
    }

    /// <summary>
    /// Finishes the entry: the SHA-256 goes into <paramref name="digest"/> (for an entry on a background writer, the
    /// writer keeps it for <paramref name="entry"/> instead), the file is sealed and closed.
    /// </summary>
    public void End(Span<byte> digest, int entry = -1)
    {
        if (_writer is null)
        {
            _sha.GetHashAndReset(digest);
        }

        if (_file is not null)
        {
            var f = _file;
            _file = null;
            ExtractionTarget.CloseFile(f);
        }

        if (_writer is not null)
        {
            var w = _writer;
            _writer = null;
            w.EndFile(entry);
        }
    }

    /// <summary>Abandons the current entry (on failure).</summary>
    public void Abort()
    {
        _file?.Dispose();
        _file = null;
        _writer = null; // the owner abandons the writer; the partial file goes with the temporary directory
        Span<byte> scratch = stackalloc byte[32];
        _sha.GetHashAndReset(scratch);
    }

    private ModuleZipException LimitError()
    {
        var name = _entryName();
        if (_limitKind == LimitKind.FileLimit)
        {
            var goMod = name.EndsWith("/go.mod", StringComparison.Ordinal);
            var error = new ModuleZipFileError(
                name,
                goMod ? ModuleZipFileErrorKind.GoModTooLarge : ModuleZipFileErrorKind.LicenseTooLarge,
                goMod ? EntryNameChecker.GoModTooLargeMessage : EntryNameChecker.LicenseTooLargeMessage);
            return new ModuleZipException(ModuleZipErrorKind.InvalidFiles, error.ToString(), name, [error]);
        }

        return _limitKind == LimitKind.Declared
            ? new ModuleZipException(ModuleZipErrorKind.ZipFormat, SRFormat.Format(SR.ZipYieldsMoreThanDeclared, name), name)
            : new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, SRFormat.Format(SR.ZipEntryContentsTooLarge, name), name);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _sha.Dispose();
    }
}
