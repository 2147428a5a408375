using System;
using System.Buffers;

namespace GoModules.Zip.Internal;

/// <summary>
/// Finds file names that are equal under Go's case folding, and names used both as a file and as a
/// directory, the way x/mod's collision checker does: each path is recorded under its fold key,
/// then its parent directories are checked as directories, up to the root. Works on UTF-8 bytes and
/// keeps everything in pooled buffers, so checking a path allocates nothing once the buffers have
/// grown.
/// </summary>
internal sealed class CollisionChecker : IDisposable
{
    private byte[] _arena;
    private int _arenaUsed;
    private Entry[] _entries;
    private int _count;
    private int[] _buckets;

    public CollisionChecker()
    {
        _arena = ArrayPool<byte>.Shared.Rent(4096);
        _entries = ArrayPool<Entry>.Shared.Rent(64);
        _buckets = new int[128];
    }

    /// <summary>
    /// Checks a clean, valid, slash-separated path (and then its parents as directories).
    /// </summary>
    /// <param name="path">The path as UTF-8.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <param name="conflictPath">On a conflict, the path at which it was found (the path itself or one of its parents).</param>
    /// <param name="otherPath">On a case collision, the spelling recorded first.</param>
    /// <returns>The kind of conflict, or <see cref="CollisionResult.None"/>.</returns>
    public CollisionResult Check(ReadOnlySpan<byte> path, bool isDirectory, out ReadOnlySpan<byte> conflictPath, out ReadOnlySpan<byte> otherPath)
    {
        while (true)
        {
            var result = CheckOne(path, isDirectory, out otherPath);
            if (result != CollisionResult.None)
            {
                conflictPath = path;
                return result;
            }

            var slash = path.LastIndexOf((byte)'/');
            if (slash < 0)
            {
                conflictPath = default;
                return CollisionResult.None;
            }

            path = path[..slash];
            isDirectory = true;
        }
    }

    private CollisionResult CheckOne(ReadOnlySpan<byte> path, bool isDirectory, out ReadOnlySpan<byte> otherPath)
    {
        otherPath = default;

        // Room for the original spelling and its key, written at the end of the arena.
        EnsureArena(path.Length * 2);
        var origStart = _arenaUsed;
        path.CopyTo(_arena.AsSpan(origStart));
        var keyStart = origStart + path.Length;
        var keyLength = CaseFoldTable.WriteFoldKey(path, _arena.AsSpan(keyStart));
        var key = _arena.AsSpan(keyStart, keyLength);

        var hash = new HashCode();
        hash.AddBytes(key);
        var h = hash.ToHashCode();

        var mask = _buckets.Length - 1;
        var slot = h & mask;
        while (true)
        {
            var index = _buckets[slot] - 1;
            if (index < 0)
            {
                break;
            }

            ref var e = ref _entries[index];
            if (e.Hash == h && _arena.AsSpan(e.KeyStart, e.KeyLength).SequenceEqual(key))
            {
                var orig = _arena.AsSpan(e.OrigStart, e.OrigLength);
                if (!orig.SequenceEqual(path))
                {
                    otherPath = orig;
                    return CollisionResult.CaseCollision;
                }

                if (isDirectory != e.IsDirectory)
                {
                    return CollisionResult.FileDirectoryConflict;
                }

                return isDirectory ? CollisionResult.None : CollisionResult.DuplicateFile;
            }

            slot = (slot + 1) & mask;
        }

        // Record it. When the key equals the spelling, keep one copy.
        if (key.SequenceEqual(path))
        {
            keyStart = origStart;
            _arenaUsed = origStart + path.Length;
        }
        else
        {
            _arenaUsed = keyStart + keyLength;
        }

        if (_count == _entries.Length)
        {
            var bigger = ArrayPool<Entry>.Shared.Rent(_entries.Length * 2);
            _entries.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<Entry>.Shared.Return(_entries);
            _entries = bigger;
        }

        _entries[_count] = new Entry
        {
            OrigStart = origStart,
            OrigLength = path.Length,
            KeyStart = keyStart,
            KeyLength = keyLength,
            Hash = h,
            IsDirectory = isDirectory,
        };
        _buckets[slot] = ++_count;
        if (_count * 2 > _buckets.Length)
        {
            Rehash();
        }

        return CollisionResult.None;
    }

    /// <summary>Forgets every recorded path, keeping the buffers.</summary>
    public void Reset()
    {
        _arenaUsed = 0;
        _count = 0;
        Array.Clear(_buckets);
    }

    public void Dispose()
    {
        if (_arena.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_arena);
            ArrayPool<Entry>.Shared.Return(_entries, clearArray: false);
            _arena = [];
            _entries = [];
        }
    }

    private void EnsureArena(int extra)
    {
        if (_arena.Length - _arenaUsed >= extra)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_arena.Length * 2, _arenaUsed + extra));
        _arena.AsSpan(0, _arenaUsed).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_arena);
        _arena = bigger;
    }

    private void Rehash()
    {
        var buckets = new int[_buckets.Length * 2];
        var mask = buckets.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _entries[i].Hash & mask;
            while (buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            buckets[slot] = i + 1;
        }

        _buckets = buckets;
    }

    private struct Entry
    {
        public int OrigStart;
        public int OrigLength;
        public int KeyStart;
        public int KeyLength;
        public int Hash;
        public bool IsDirectory;
    }
}
