using System.Text;
using GoModules.SumDb;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SignedNoteTests
{
    private static readonly NoteSigner Alice = NoteSigner.Generate("alice.example");
    private static readonly NoteSigner Bob = NoteSigner.Generate("bob.example/log");

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Test]
    public void OpensANoteSignedByGo()
    {
        var note = SignedNote.Open(Utf8(GoFacts.SignedNote), [NoteVerifier.Parse(GoFacts.VerifierKey)]);
        Assert.Multiple(() =>
        {
            Assert.That(note.Text, Is.EqualTo("GoModules checks this text.\nSecond line.\n"));
            Assert.That(note.Signatures, Has.Count.EqualTo(1));
            Assert.That(note.Signatures[0].Name, Is.EqualTo("gomodules.test/sumdb"));
            Assert.That(note.Signatures[0].KeyHash, Is.EqualTo(0x8e1800dcu));
            Assert.That(note.UnverifiedSignatures, Is.Empty);
        });

        // Ed25519 is deterministic: our signer reproduces Go's note byte for byte.
        var signer = NoteSigner.FromSeed("gomodules.test/sumdb", GoFacts.Seed);
        Assert.That(Encoding.UTF8.GetString(NoteSigner.Sign("GoModules checks this text.\nSecond line.\n", signer)), Is.EqualTo(GoFacts.SignedNote));
    }

    [Test]
    public void KeepsUnknownSignaturesAsUnverified()
    {
        var msg = NoteSigner.Sign("hello\n", Alice, Bob);
        var note = SignedNote.Open(msg, [Bob.Verifier]);
        Assert.That(note.Signatures.Select(s => s.Name), Is.EqualTo(new[] { "bob.example/log" }));
        Assert.That(note.UnverifiedSignatures.Select(s => s.Name), Is.EqualTo(new[] { "alice.example" }));
        Assert.That(note.UnverifiedSignatures[0].KeyHash, Is.EqualTo(Alice.KeyHash));
    }

    [Test]
    public void NoKnownSignature()
    {
        var msg = NoteSigner.Sign("hello\n", Alice);
        var ex = Assert.Throws<SignedNoteException>(() => SignedNote.Open(msg, [Bob.Verifier]));
        Assert.That(ex!.Error, Is.EqualTo(SignedNoteError.NoVerifiableSignature));
        Assert.That(ex.Message, Is.EqualTo("note has no verifiable signatures"));
    }

    [Test]
    public void BadSignatureByAKnownKeyFailsTheWholeNote()
    {
        var good = NoteSigner.Sign("hello\n", Alice);
        var other = NoteSigner.Sign("hellO\n", Alice);

        // The signature of another text, under the right text.
        var forged = Utf8("hello\n\n" + Encoding.UTF8.GetString(other).Split("\n\n")[1]);
        var ex = Assert.Throws<SignedNoteException>(() => SignedNote.Open(forged, [Alice.Verifier]));
        Assert.That(ex!.Error, Is.EqualTo(SignedNoteError.InvalidSignature));
        Assert.That(ex.Message, Is.EqualTo($"invalid signature for key alice.example+{Alice.KeyHash:x8}"));

        // A good signature does not excuse a bad one from the same key set.
        var both = NoteSigner.Sign("hello\n", Bob);
        var mixed = Utf8(Encoding.UTF8.GetString(both) + Encoding.UTF8.GetString(forged).Split("\n\n")[1]);
        Assert.That(Assert.Throws<SignedNoteException>(() => SignedNote.Open(mixed, [Alice.Verifier, Bob.Verifier]))!.Error, Is.EqualTo(SignedNoteError.InvalidSignature));

        Assert.That(SignedNote.Open(good, [Alice.Verifier]).Signatures, Has.Count.EqualTo(1));
    }

    [Test]
    public void RepeatedSignaturesAreCountedOnce()
    {
        var msg = Encoding.UTF8.GetString(NoteSigner.Sign("hello\n", Alice));
        var sigLine = msg.Split("\n\n")[1];
        var note = SignedNote.Open(Utf8(msg + sigLine + sigLine), [Alice.Verifier]);
        Assert.That(note.Signatures, Has.Count.EqualTo(1));
    }

    [Test]
    public void AmbiguousVerifiers()
    {
        var msg = NoteSigner.Sign("hello\n", Alice);
        var ex = Assert.Throws<SignedNoteException>(() => SignedNote.Open(msg, [Alice.Verifier, NoteVerifier.Parse(Alice.Verifier.VerifierKey)]));
        Assert.That(ex!.Error, Is.EqualTo(SignedNoteError.AmbiguousKey));
    }

    private static IEnumerable<TestCaseData> MalformedNotes()
    {
        var ok = Encoding.UTF8.GetString(NoteSigner.Sign("hello\n", Alice));
        var sig = ok.Split("\n\n")[1];
        var b64 = sig["— alice.example ".Length..^1];
        yield return new TestCaseData("hello\n" + sig).SetName("no blank line");
        yield return new TestCaseData("hello\n\n").SetName("no signatures");
        yield return new TestCaseData(ok[..^1]).SetName("no final newline");
        yield return new TestCaseData("hello\n\n- alice.example " + b64 + "\n").SetName("hyphen instead of em dash");
        yield return new TestCaseData("hello\n\n—alice.example " + b64 + "\n").SetName("no space after dash");
        yield return new TestCaseData("hello\n\n— alice.example\n").SetName("no signature text");
        yield return new TestCaseData("hello\n\n— alice.example \n").SetName("empty signature");
        yield return new TestCaseData("hello\n\n— alice.example " + b64[..^1] + "\n").SetName("bad base64");
        yield return new TestCaseData("hello\n\n— alice.example " + b64[..4] + " " + b64[4..] + "\n").SetName("space inside base64");
        yield return new TestCaseData("hello\n\n— alice.example AAAAAA==\n").SetName("signature shorter than five bytes");
        yield return new TestCaseData("hello\n\n— alice+example " + b64 + "\n").SetName("plus in name");
        yield return new TestCaseData("hel\tlo\n\n" + sig).SetName("tab in text");
        yield return new TestCaseData("hello\r\n\n" + sig).SetName("carriage return");
        yield return new TestCaseData(ok + "extra\n").SetName("text after signatures");
    }

    [TestCaseSource(nameof(MalformedNotes))]
    public void RejectsMalformedNotes(string text)
    {
        var ex = Assert.Throws<SignedNoteException>(() => SignedNote.Open(Utf8(text), [Alice.Verifier]));
        Assert.That(ex!.Error, Is.EqualTo(SignedNoteError.Malformed));
    }

    [Test]
    public void RejectsInvalidUtf8()
    {
        var msg = NoteSigner.Sign("hello\n", Alice);
        var bad = msg.ToArray();
        bad[1] = 0xff;
        Assert.That(Assert.Throws<SignedNoteException>(() => SignedNote.Open(bad, [Alice.Verifier]))!.Error, Is.EqualTo(SignedNoteError.Malformed));
    }

    [Test]
    public void AtMostOneHundredSignatures()
    {
        var signers = Enumerable.Range(0, 100).Select(i => NoteSigner.Generate($"s{i}.example")).ToList();
        var hundred = NoteSigner.Sign("hello\n", signers);
        Assert.That(SignedNote.Open(hundred, [signers[0].Verifier]).UnverifiedSignatures, Has.Count.EqualTo(99));
        var extra = Utf8(Encoding.UTF8.GetString(hundred) + Encoding.UTF8.GetString(NoteSigner.Sign("hello\n", Alice)).Split("\n\n")[1]);
        Assert.That(Assert.Throws<SignedNoteException>(() => SignedNote.Open(extra, [Alice.Verifier]))!.Error, Is.EqualTo(SignedNoteError.Malformed));
    }
}
