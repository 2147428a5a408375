using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <summary>
/// A text together with its signatures, as a checksum database signs its tree heads: the text
/// (ending in a newline), a blank line, then one line per signature,
/// <c>— name base64</c> (em dash U+2014, space, key name, space, base64 of the 4-byte key hash and
/// the signature).
/// </summary>
/// <remarks>
/// <para>
/// The whole note must be valid UTF-8 without control characters other than newline. A note with
/// more than 100 signature lines is rejected. Repeated signatures by one key are ignored; a
/// signature by an unknown key is kept as unverified; a signature by a known key that does not
/// verify rejects the whole note; and a note must carry at least one verified signature.
/// </para>
/// <para>See golang.org/x/mod/sumdb/note (Open).</para>
/// </remarks>
public sealed class SignedNote
{
    private const int MaxSignatures = 100;

    private static readonly byte[] SignaturePrefix = "— "u8.ToArray();

    private SignedNote(string text, NoteSignature[] signatures, NoteSignature[] unverified)
    {
        Text = text;
        Signatures = signatures;
        UnverifiedSignatures = unverified;
    }

    /// <summary>Gets the signed text, ending in a newline.</summary>
    /// <value>The text before the blank line.</value>
    public string Text { get; }

    /// <summary>Gets the signatures that were verified by one of the given verifiers.</summary>
    /// <value>At least one signature.</value>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Gets the signatures by keys that none of the given verifiers knows.</summary>
    /// <value>Possibly empty.</value>
    public IReadOnlyList<NoteSignature> UnverifiedSignatures { get; }

    /// <summary>Parses a signed note and verifies its signatures.</summary>
    /// <param name="message">The whole note: text, blank line and signature lines.</param>
    /// <param name="verifiers">The known keys.</param>
    /// <returns>The opened note.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verifiers"/> is null.</exception>
    /// <exception cref="SignedNoteException">
    /// The note is malformed (<see cref="SignedNoteError.Malformed"/>).
    /// -or-
    /// A signature by a known key does not verify (<see cref="SignedNoteError.InvalidSignature"/>).
    /// -or-
    /// Two verifiers share a name and key hash (<see cref="SignedNoteError.AmbiguousKey"/>).
    /// -or-
    /// No signature is by a known key (<see cref="SignedNoteError.NoVerifiableSignature"/>).
    /// </exception>
    public static SignedNote Open(ReadOnlySpan<byte> message, IEnumerable<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);

        if (!Utf8.IsValid(message) || HasControlOtherThanNewline(message))
        {
            throw Malformed();
        }

        var split = message.LastIndexOf("\n\n"u8);
        if (split < 0)
        {
            throw Malformed();
        }

        var text = message[..(split + 1)];
        var sigs = message[(split + 2)..];
        if (sigs.IsEmpty || sigs[^1] != (byte)'\n')
        {
            throw Malformed();
        }

        var known = new Dictionary<(string Name, uint Hash), List<NoteVerifier>>();
        foreach (var v in verifiers)
        {
            ArgumentNullException.ThrowIfNull(v, nameof(verifiers));
            if (!known.TryGetValue((v.Name, v.KeyHash), out var list))
            {
                known[(v.Name, v.KeyHash)] = list = new List<NoteVerifier>(1);
            }

            list.Add(v);
        }

        var verified = new List<NoteSignature>();
        var unverified = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        var seenUnverified = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        Span<byte> raw = stackalloc byte[256];
        while (!sigs.IsEmpty)
        {
            var nl = sigs.IndexOf((byte)'\n');
            var line = sigs[..nl];
            sigs = sigs[(nl + 1)..];

            if (!line.StartsWith(SignaturePrefix))
            {
                throw Malformed();
            }

            line = line[SignaturePrefix.Length..];
            var space = line.IndexOf((byte)' ');
            var nameBytes = space < 0 ? line : line[..space];
            var b64 = space < 0 ? ReadOnlySpan<byte>.Empty : line[(space + 1)..];
            var name = Encoding.UTF8.GetString(nameBytes);
            if (b64.IsEmpty
                || b64.Length > raw.Length / 3 * 4
                || !StrictBase64.TryDecode(b64, raw, out var rawLength)
                || !NoteVerifier.IsValidName(name)
                || rawLength < 5)
            {
                throw Malformed();
            }

            var hash = BinaryPrimitives.ReadUInt32BigEndian(raw);
            var signature = raw[4..rawLength];

            if (++count > MaxSignatures)
            {
                throw Malformed();
            }

            var b64Text = Encoding.ASCII.GetString(b64);
            if (!known.TryGetValue((name, hash), out var candidates))
            {
                if (seenUnverified.Add(Encoding.UTF8.GetString(line)))
                {
                    unverified.Add(new NoteSignature(name, hash, b64Text));
                }

                continue;
            }

            if (candidates.Count > 1)
            {
                throw new SignedNoteException(SignedNoteError.AmbiguousKey, string.Create(CultureInfo.InvariantCulture, $"ambiguous key {name}+{hash:x8}"), name, hash);
            }

            if (!seen.Add((name, hash)))
            {
                continue;
            }

            if (!candidates[0].Verify(text, signature))
            {
                throw new SignedNoteException(SignedNoteError.InvalidSignature, string.Create(CultureInfo.InvariantCulture, $"invalid signature for key {name}+{hash:x8}"), name, hash);
            }

            verified.Add(new NoteSignature(name, hash, b64Text));
        }

        if (verified.Count == 0)
        {
            throw new SignedNoteException(SignedNoteError.NoVerifiableSignature, "note has no verifiable signatures");
        }

        return new SignedNote(Encoding.UTF8.GetString(text), verified.ToArray(), unverified.ToArray());
    }

    private static bool HasControlOtherThanNewline(ReadOnlySpan<byte> message)
    {
        foreach (var b in message)
        {
            if (b < 0x20 && b != (byte)'\n')
            {
                return true;
            }
        }

        return false;
    }

    private static SignedNoteException Malformed() => new(SignedNoteError.Malformed, "malformed note");
}
