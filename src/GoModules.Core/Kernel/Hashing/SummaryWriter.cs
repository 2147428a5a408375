using System;
using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GoModules.Kernel.Hashing;

/// <summary>
/// Builds the h1 summary (<c>&lt;hex sha256&gt;  &lt;name&gt;\n</c> per file, in sorted order) straight
/// into a SHA-256, through one pooled buffer, and formats the final <c>h1:</c> string.
/// </summary>
internal struct SummaryWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int HexLength = 64;

    private byte[] _buffer;
    private int _length;
    private IncrementalHash? _hash;
    private readonly IBufferWriter<byte>? _capture;

    /// <param name="capture">Receives a copy of the summary bytes (for tests); null normally.</param>
    public SummaryWriter(IBufferWriter<byte>? capture)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _length = 0;
        _hash = null;
        _capture = capture;
    }

    /// <summary>Appends the line for one file whose name is raw bytes.</summary>
    public void AppendLine(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> name)
    {
        var lineLength = HexLength + 2 + name.Length + 1;
        if (lineLength > _buffer.Length - _length)
        {
            Flush();
        }

        if (lineLength > _buffer.Length)
        {
            // A name longer than the buffer: write the pieces through directly.
            Span<byte> head = stackalloc byte[HexLength + 2];
            WriteHex(digest, head);
            head[HexLength] = (byte)' ';
            head[HexLength + 1] = (byte)' ';
            Write(head);
            Write(name);
            Write("\n"u8);
            return;
        }

        var span = _buffer.AsSpan(_length);
        WriteHex(digest, span);
        span[HexLength] = (byte)' ';
        span[HexLength + 1] = (byte)' ';
        name.CopyTo(span[(HexLength + 2)..]);
        span[lineLength - 1] = (byte)'\n';
        _length += lineLength;
    }

    /// <summary>Appends the line for one file whose name is a .NET string (written as UTF-8).</summary>
    public void AppendLine(ReadOnlySpan<byte> digest, ReadOnlySpan<char> name)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(name.Length);
        if (HexLength + 3 + maxBytes <= BufferSize)
        {
            if (HexLength + 3 + maxBytes > _buffer.Length - _length)
            {
                Flush();
            }

            var span = _buffer.AsSpan(_length);
            WriteHex(digest, span);
            span[HexLength] = (byte)' ';
            span[HexLength + 1] = (byte)' ';
            var written = Encoding.UTF8.GetBytes(name, span[(HexLength + 2)..]);
            span[HexLength + 2 + written] = (byte)'\n';
            _length += HexLength + 3 + written;
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var count = Encoding.UTF8.GetBytes(name, rented);
            AppendLine(digest, rented.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hashes the summary and returns <c>h1:</c> + base64 of the SHA-256.</summary>
    public string Finish()
    {
        Span<byte> sum = stackalloc byte[32];
        if (_hash is null)
        {
            Capture(_buffer.AsSpan(0, _length));
            SHA256.HashData(_buffer.AsSpan(0, _length), sum);
        }
        else
        {
            Flush();
            _hash.GetHashAndReset(sum);
        }

        _length = 0;
        return FormatH1(sum);
    }

    /// <summary>Formats a SHA-256 as <c>h1:</c> + standard base64 (47 characters).</summary>
    public static string FormatH1(ReadOnlySpan<byte> sum)
    {
        Span<byte> text = stackalloc byte[3 + 44];
        "h1:"u8.CopyTo(text);
        Base64.EncodeToUtf8(sum, text[3..], out _, out _);
        return Encoding.ASCII.GetString(text);
    }

    internal static void WriteHex(ReadOnlySpan<byte> digest, Span<byte> destination)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (var i = 0; i < digest.Length; i++)
        {
            destination[2 * i] = digits[digest[i] >> 4];
            destination[(2 * i) + 1] = digits[digest[i] & 0xF];
        }
    }

    private void Write(ReadOnlySpan<byte> data)
    {
        Capture(data);
        (_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).AppendData(data);
    }

    private void Flush()
    {
        if (_length > 0)
        {
            Write(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    private readonly void Capture(ReadOnlySpan<byte> data)
    {
        if (_capture is not null)
        {
            _capture.Write(data);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _hash?.Dispose();
        _hash = null;
    }
}
