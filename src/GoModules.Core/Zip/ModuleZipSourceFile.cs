using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Zip;

/// <summary>
/// One file offered for a module zip: its slash-separated path relative to the module root, what
/// <c>lstat</c> says about it, and a way to open its content.
/// </summary>
/// <remarks>Mirrors the <c>File</c> interface of golang.org/x/mod/zip.</remarks>
public sealed class ModuleZipSourceFile
{
    private readonly Func<CancellationToken, ValueTask<Stream>>? _open;

    /// <summary>Initializes a new instance of the <see cref="ModuleZipSourceFile"/> class.</summary>
    /// <param name="path">The slash-separated path relative to the module root.</param>
    /// <param name="type">What kind of file it is.</param>
    /// <param name="size">The size <c>lstat</c> reports (the file must not deliver more bytes).</param>
    /// <param name="open">Opens the content; needed for regular files that go into the zip.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public ModuleZipSourceFile(string path, ModuleZipFileType type, long size, Func<CancellationToken, ValueTask<Stream>>? open)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Type = type;
        Size = size;
        _open = open;
    }

    /// <summary>Gets the slash-separated path relative to the module root.</summary>
    public string Path { get; }

    /// <summary>Gets what kind of file it is.</summary>
    public ModuleZipFileType Type { get; }

    /// <summary>Gets the size the file claims to have.</summary>
    public long Size { get; }

    /// <summary>Gets the file system path for files found by a directory walk; otherwise null.</summary>
    internal string? FullPath { get; init; }

    /// <summary>Creates a regular file from bytes in memory.</summary>
    /// <param name="path">The slash-separated path relative to the module root.</param>
    /// <param name="content">The content.</param>
    /// <returns>The file.</returns>
    public static ModuleZipSourceFile FromBytes(string path, ReadOnlyMemory<byte> content)
        => new(path, ModuleZipFileType.RegularFile, content.Length, _ => ValueTask.FromResult<Stream>(new ReadOnlyMemoryStream(content)));

    /// <summary>Opens the content.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A readable stream, owned by the caller.</returns>
    /// <exception cref="InvalidOperationException">The file was created without a way to open it.</exception>
    public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<Stream>(cancellationToken);
        }

        if (FullPath is not null)
        {
            return ValueTask.FromResult<Stream>(new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
        }

        return _open is null
            ? throw new InvalidOperationException(SRFormat.Format(SR.ZipSourceCannotOpen, Path))
            : _open(cancellationToken);
    }

    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, content.Length - _position);
            content.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
