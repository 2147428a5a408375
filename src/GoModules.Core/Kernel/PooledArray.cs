using System;
using System.Buffers;

namespace GoModules.Kernel;

/// <summary>Growing arrays rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal static class PooledArray
{
    /// <summary>
    /// Makes <paramref name="array"/> hold at least <paramref name="needed"/> elements, keeping its first
    /// <paramref name="used"/>: a bigger array (at least twice the size) is rented and the old one returned.
    /// </summary>
    public static void EnsureCapacity<T>(ref T[] array, int used, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }
}
