using GoModules.Kernel.Zip;

namespace GoModules.Tests.Kernel.Zip;

/// <summary>Feeds an <see cref="Inflater"/> its input in random pieces and drains all it produces, as the readers do.</summary>
internal static class InflaterFeed
{
    /// <summary>The outcome of decoding one input fed in pieces: the bytes, where the stream ended, or the failure.</summary>
    public static (byte[] Output, int End, string Outcome) Decode(Inflater inflater, byte[] input, int maxPiece, int seed)
    {
        var rng = new Random(seed);
        var output = new MemoryStream();
        var pos = 0;
        try
        {
            while (true)
            {
                var len = Math.Min(1 + rng.Next(maxPiece), input.Length - pos);
                var status = inflater.Inflate(input.AsSpan(pos, len), out var consumed);
                pos += consumed;
                output.Write(inflater.Pending);
                inflater.MarkDrained();
                while (status == InflateStatus.OutputFull)
                {
                    status = inflater.Inflate(ReadOnlySpan<byte>.Empty, out _);
                    output.Write(inflater.Pending);
                    inflater.MarkDrained();
                }

                if (status == InflateStatus.Done)
                {
                    return (output.ToArray(), pos - inflater.TakeUnusedInput(), "done");
                }

                if (pos == input.Length)
                {
                    return (output.ToArray(), -1, "needs input");
                }
            }
        }
        catch (InvalidOperationException ex)
        {
            return ([], -1, ex.Message);
        }
    }
}
