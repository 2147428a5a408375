using System.Runtime.InteropServices;

namespace GoModules.SumDb;

/// <summary>One signature line of a signed note.</summary>
/// <param name="Name">The name of the signing key (for a checksum database, its host[/path]).</param>
/// <param name="KeyHash">The 32-bit hash identifying the key among keys of that name.</param>
/// <param name="Base64">The signature exactly as written: base64 of the key hash (4 bytes, big-endian) followed by the signature bytes.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct NoteSignature(string Name, uint KeyHash, string Base64);
