using System;
using System.Buffers;
using System.Text;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>What one worker of <see cref="SeekableZipReader"/> keeps across entries: inflater, sink and read buffer.</summary>
internal sealed class SeekableZipWorker : IDisposable
{
    public SeekableZipWorker()
    {
        Sink = new EntrySink(() => CurrentName);
    }

    public ZipCentralDirectory? Directory { get; set; }

    public int Index { get; set; }

    /// <summary>Gets the current entry's name; built only for error messages.</summary>
    public string CurrentName => Directory is null ? string.Empty : Encoding.UTF8.GetString(Directory.Name(Directory[Index]));

    /// <summary>An error about the current entry: <paramref name="format"/>'s {0} is its name.</summary>
    public ModuleZipException Error(ModuleZipErrorKind kind, string format)
    {
        var name = CurrentName;
        return new ModuleZipException(kind, SRFormat.Format(format, name), name);
    }

    public Inflater Inflater { get; } = new();

    public EntrySink Sink { get; }

    public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(SeekableZipReader.ChunkSize);

    public void Dispose()
    {
        Inflater.Dispose();
        Sink.Dispose();
        ArrayPool<byte>.Shared.Return(Buffer);
    }
}
