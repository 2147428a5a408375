using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GoModules.SumDb.Internal;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace GoModules.SumDb;

/// <summary>
/// A public key that verifies signed notes, such as the tree heads of a checksum database,
/// read from a verifier key <c>name+hash+key</c>.
/// </summary>
/// <remarks>
/// <para>
/// In a verifier key, <c>name</c> names the server (for a checksum database, the host[/path] it is
/// served from): non-empty UTF-8 with no white space and no '+'. <c>key</c> is standard padded
/// base64 of an algorithm byte followed by the key; the only algorithm is 1, Ed25519, with a
/// 32-byte public key. <c>hash</c> is eight hex digits: the first four bytes (big-endian) of
/// SHA-256(name ‖ "\n" ‖ algorithm byte ‖ key), which identifies the key in signature lines. A hash
/// that does not match the name and key is rejected, so a key cannot be silently paired with
/// another server's name.
/// </para>
/// <para>
/// The go command's default database key, <c>sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8</c>,
/// is an example. Signatures are checked with Ed25519 from BouncyCastle. See
/// golang.org/x/mod/sumdb/note and https://go.dev/ref/mod#checksum-database.
/// </para>
/// </remarks>
public sealed class NoteVerifier
{
    /// <summary>The algorithm byte of an Ed25519 key.</summary>
    internal const byte AlgorithmEd25519 = 1;

    private readonly byte[] _publicKey;
    private readonly Ed25519.PublicPoint? _point;

    private NoteVerifier(string name, uint keyHash, byte[] publicKey, string verifierKey)
    {
        Name = name;
        KeyHash = keyHash;
        _publicKey = publicKey;
        VerifierKey = verifierKey;

        // A key that is not a curve point parses (as in Go) but verifies nothing.
        _point = Ed25519.ValidatePublicKeyPartialExport(publicKey);
    }

    /// <summary>Gets the server name the key belongs to.</summary>
    /// <value>For a checksum database, its host[/path], e.g. <c>sum.golang.org</c>.</value>
    public string Name { get; }

    /// <summary>Gets the 32-bit key hash that signature lines use to name this key.</summary>
    /// <value>The first four bytes, big-endian, of SHA-256(name ‖ "\n" ‖ encoded key).</value>
    public uint KeyHash { get; }

    /// <summary>Gets the verifier key text this verifier was read from (or, for <see cref="FromEd25519PublicKey"/>, its canonical form).</summary>
    /// <value>Text of the form <c>name+hash+key</c>.</value>
    public string VerifierKey { get; }

    /// <summary>Gets the raw 32-byte Ed25519 public key (read-only).</summary>
    /// <value>32 bytes.</value>
    public ReadOnlyMemory<byte> PublicKey => _publicKey.AsMemory();

    /// <summary>Reads a verifier key of the form <c>name+hash+key</c>.</summary>
    /// <param name="verifierKey">The verifier key text.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verifierKey"/> is null.</exception>
    /// <exception cref="InvalidVerifierKeyException">
    /// The text is not a well-formed key ("malformed verifier id").
    /// -or-
    /// The algorithm byte is not 1 ("unknown verifier algorithm").
    /// -or-
    /// The hash does not match the name and key ("invalid verifier hash").
    /// </exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var reason = TryCreate(verifierKey, out var verifier);
        return reason is null ? verifier! : throw new InvalidVerifierKeyException(verifierKey, reason);
    }

    /// <summary>Reads a verifier key of the form <c>name+hash+key</c>, without throwing.</summary>
    /// <param name="verifierKey">The verifier key text.</param>
    /// <param name="verifier">The verifier, when the text is a valid key.</param>
    /// <returns>True when the text is a valid key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? verifierKey, [NotNullWhen(true)] out NoteVerifier? verifier)
    {
        verifier = null;
        return verifierKey is not null && TryCreate(verifierKey, out verifier) is null;
    }

    /// <summary>Makes the verifier key for an Ed25519 public key (Go's <c>note.NewEd25519VerifierKey</c>).</summary>
    /// <param name="name">The server name.</param>
    /// <param name="publicKey">The 32-byte Ed25519 public key.</param>
    /// <returns>The verifier, whose <see cref="VerifierKey"/> is the encoded key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid key name, or <paramref name="publicKey"/> is not 32 bytes long.</exception>
    public static NoteVerifier FromEd25519PublicKey(string name, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"The key name '{name}' is empty or contains white space or '+'.", nameof(name));
        }

        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes long, not {publicKey.Length}.", nameof(publicKey));
        }

        var encoded = new byte[1 + Ed25519.PublicKeySize];
        encoded[0] = AlgorithmEd25519;
        publicKey.CopyTo(encoded.AsSpan(1));
        var hash = ComputeKeyHash(name, encoded);
        var text = string.Create(CultureInfo.InvariantCulture, $"{name}+{hash:x8}+{Convert.ToBase64String(encoded)}");
        return new NoteVerifier(name, hash, publicKey.ToArray(), text);
    }

    /// <summary>Checks an Ed25519 signature by this key.</summary>
    /// <param name="message">The signed bytes (for a note, its text including the final newline).</param>
    /// <param name="signature">The 64-byte signature (without the 4-byte key hash prefix of a note signature).</param>
    /// <returns>True when the signature is valid.</returns>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (_point is null || signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        return Ed25519.Verify(signature, _point, message);
    }

    /// <summary>Returns the verifier key text.</summary>
    /// <returns><see cref="VerifierKey"/>.</returns>
    public override string ToString() => VerifierKey;

    /// <summary>Key names are non-empty valid Unicode (no unpaired surrogate) without white space or '+'.</summary>
    internal static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Contains('+'))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]) || char.IsWhiteSpace(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first four bytes, big-endian, of SHA-256(name ‖ "\n" ‖ key).</summary>
    internal static uint ComputeKeyHash(string name, ReadOnlySpan<byte> encodedKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[nameBytes.Length + 1 + encodedKey.Length];
        nameBytes.CopyTo(buffer, 0);
        buffer[nameBytes.Length] = (byte)'\n';
        encodedKey.CopyTo(buffer.AsSpan(nameBytes.Length + 1));
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>Null on success, otherwise x/mod's reason.</summary>
    private static string? TryCreate(string text, out NoteVerifier? verifier)
    {
        verifier = null;
        const string Malformed = "malformed verifier id";
        var plus1 = text.IndexOf('+', StringComparison.Ordinal);
        var name = plus1 < 0 ? text : text[..plus1];
        var rest = plus1 < 0 ? string.Empty : text[(plus1 + 1)..];
        var plus2 = rest.IndexOf('+', StringComparison.Ordinal);
        var hashText = plus2 < 0 ? rest : rest[..plus2];
        var keyText = plus2 < 0 ? string.Empty : rest[(plus2 + 1)..];

        if (hashText.Length != 8
            || !uint.TryParse(hashText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)
            || !StrictBase64.TryDecode(keyText, out var key)
            || !IsValidName(name)
            || key.Length == 0)
        {
            return Malformed;
        }

        if (hash != ComputeKeyHash(name, key))
        {
            return "invalid verifier hash";
        }

        if (key[0] != AlgorithmEd25519)
        {
            return "unknown verifier algorithm";
        }

        if (key.Length != 1 + Ed25519.PublicKeySize)
        {
            return Malformed;
        }

        verifier = new NoteVerifier(name, hash, key[1..], text);
        return null;
    }
}
