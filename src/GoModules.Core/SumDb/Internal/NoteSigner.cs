using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace GoModules.SumDb.Internal;

/// <summary>
/// A private note-signing key, read from a signer key <c>PRIVATE+KEY+name+hash+key</c> where key is
/// base64 of the algorithm byte (1, Ed25519) and the 32-byte seed, and hash is the key hash of the
/// matching public key. Used by test servers; the client never signs.
/// </summary>
internal sealed class NoteSigner
{
    private readonly byte[] _seed;

    private NoteSigner(string name, uint keyHash, byte[] seed)
    {
        Name = name;
        KeyHash = keyHash;
        _seed = seed;
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed, publicKey);
        Verifier = NoteVerifier.FromEd25519PublicKey(name, publicKey);
        if (Verifier.KeyHash != keyHash)
        {
            throw new FormatException("invalid signer hash");
        }
    }

    public string Name { get; }

    public uint KeyHash { get; }

    /// <summary>The matching verifier.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The signer key text.</summary>
    public string SignerKey => string.Create(CultureInfo.InvariantCulture, $"PRIVATE+KEY+{Name}+{KeyHash:x8}+{Convert.ToBase64String([NoteVerifier.AlgorithmEd25519, .. _seed])}");

    /// <summary>Makes a new random key pair for the named server.</summary>
    public static NoteSigner Generate(string name)
    {
        var seed = RandomNumberGenerator.GetBytes(Ed25519.SecretKeySize);
        return FromSeed(name, seed);
    }

    /// <summary>Makes the key pair with the given 32-byte seed.</summary>
    public static NoteSigner FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteVerifier.IsValidName(name) || seed.Length != Ed25519.SecretKeySize)
        {
            throw new ArgumentException("invalid signer name or seed");
        }

        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed, publicKey);
        var hash = NoteVerifier.FromEd25519PublicKey(name, publicKey).KeyHash;
        return new NoteSigner(name, hash, seed.ToArray());
    }

    /// <summary>Reads a signer key <c>PRIVATE+KEY+name+hash+key</c>.</summary>
    public static NoteSigner Parse(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        var parts = signerKey.Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" || parts[3].Length != 8
            || !uint.TryParse(parts[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)
            || !StrictBase64.TryDecode(parts[4], out var key) || key.Length != 1 + Ed25519.SecretKeySize
            || key[0] != NoteVerifier.AlgorithmEd25519 || !NoteVerifier.IsValidName(parts[2]))
        {
            throw new FormatException("malformed signer key");
        }

        return new NoteSigner(parts[2], hash, key[1..]);
    }

    /// <summary>The raw 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] SignRaw(ReadOnlySpan<byte> message)
    {
        var sig = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, message, sig);
        return sig;
    }

    /// <summary>The signature line for <paramref name="text"/>: "— name base64(hash ‖ sig)\n".</summary>
    public string SignatureLine(ReadOnlySpan<byte> text)
    {
        var raw = new byte[4 + Ed25519.SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(raw, KeyHash);
        SignRaw(text).CopyTo(raw, 4);
        return "— " + Name + " " + Convert.ToBase64String(raw) + "\n";
    }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) with every signer, in order.</summary>
    public static byte[] Sign(string text, params IReadOnlyList<NoteSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("malformed note", nameof(text));
        }

        var textBytes = Encoding.UTF8.GetBytes(text);
        var sb = new StringBuilder(text).Append('\n');
        foreach (var s in signers)
        {
            sb.Append(s.SignatureLine(textBytes));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
