namespace GoModules.SumDb.Internal;

/// <summary>One tile's bytes and where they came from.</summary>
/// <param name="Data">Exactly W × 32 bytes.</param>
/// <param name="FromLocalCache">True when kept from before (the on-disk cache or memory) rather than read from the server now.</param>
internal readonly record struct TileData(byte[] Data, bool FromLocalCache);
