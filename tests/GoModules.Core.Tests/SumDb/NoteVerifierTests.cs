using GoModules.SumDb;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NoteVerifierTests
{
    [Test]
    public void ParsesTheSumGolangOrgKey()
    {
        var v = NoteVerifier.Parse(GoFacts.SumGolangOrgKey);
        Assert.Multiple(() =>
        {
            Assert.That(v.Name, Is.EqualTo("sum.golang.org"));
            Assert.That(v.KeyHash, Is.EqualTo(0x033de0aeu));
            Assert.That(v.PublicKey.Length, Is.EqualTo(32));
            Assert.That(v.VerifierKey, Is.EqualTo(GoFacts.SumGolangOrgKey));
            Assert.That(v.ToString(), Is.EqualTo(GoFacts.SumGolangOrgKey));
        });
    }

    [Test]
    public void KeyFromSeedMatchesGo()
    {
        var signer = NoteSigner.FromSeed("gomodules.test/sumdb", GoFacts.Seed);
        Assert.That(signer.Verifier.VerifierKey, Is.EqualTo(GoFacts.VerifierKey));
        var fromKey = NoteVerifier.FromEd25519PublicKey("gomodules.test/sumdb", signer.Verifier.PublicKey.Span);
        Assert.That(fromKey.VerifierKey, Is.EqualTo(GoFacts.VerifierKey));
        Assert.That(NoteSigner.Parse(signer.SignerKey).Verifier.VerifierKey, Is.EqualTo(GoFacts.VerifierKey));
    }

    [Test]
    public void VerifiesOnlyGenuineSignatures()
    {
        var signer = NoteSigner.Generate("example.com/db");
        var msg = "text\n"u8.ToArray();
        var sig = signer.SignRaw(msg);
        var v = signer.Verifier;
        Assert.Multiple(() =>
        {
            Assert.That(v.Verify(msg, sig), Is.True);
            Assert.That(v.Verify("texT\n"u8, sig), Is.False, "other message");
            var bad = (byte[])sig.Clone();
            bad[10] ^= 1;
            Assert.That(v.Verify(msg, bad), Is.False, "flipped bit");
            Assert.That(v.Verify(msg, sig.AsSpan(0, 63)), Is.False, "short signature");
            Assert.That(NoteSigner.Generate("example.com/db").Verifier.Verify(msg, sig), Is.False, "other key");
        });
    }

    [TestCase("sum.golang.org", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0a+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0aeX+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8=", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh +s3Ux18htTTAD8OuAn8", "malformed verifier id")]
    [TestCase("+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "malformed verifier id")]
    [TestCase("sum golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae+", "malformed verifier id")]
    [TestCase("sum.golang.org+133de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "invalid verifier hash")]
    [TestCase("sum.golang.com+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "invalid verifier hash")]
    [TestCase("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9", "invalid verifier hash")]
    public void RejectsMalformedKeys(string key, string reason)
    {
        var ex = Assert.Throws<InvalidVerifierKeyException>(() => NoteVerifier.Parse(key));
        Assert.That(ex!.Reason, Is.EqualTo(reason));
        Assert.That(ex.Key, Is.EqualTo(key));
        Assert.That(NoteVerifier.TryParse(key, out _), Is.False);
    }

    [Test]
    public void RejectsUnknownAlgorithmAndWrongKeyLength()
    {
        // Hashes computed for these exact bodies, so only the algorithm byte or length is wrong.
        var alg2 = new byte[33];
        alg2[0] = 2;
        var key2 = $"x.example+{NoteVerifier.ComputeKeyHash("x.example", alg2):x8}+{Convert.ToBase64String(alg2)}";
        Assert.That(Assert.Throws<InvalidVerifierKeyException>(() => NoteVerifier.Parse(key2))!.Reason, Is.EqualTo("unknown verifier algorithm"));

        var shortKey = new byte[20];
        shortKey[0] = 1;
        var key3 = $"x.example+{NoteVerifier.ComputeKeyHash("x.example", shortKey):x8}+{Convert.ToBase64String(shortKey)}";
        Assert.That(Assert.Throws<InvalidVerifierKeyException>(() => NoteVerifier.Parse(key3))!.Reason, Is.EqualTo("malformed verifier id"));

        // Upper-case hex digits are accepted, as strconv.ParseUint does.
        var good = NoteSigner.Generate("x.example").Verifier.VerifierKey;
        var upper = good[..10] + good.Substring(10, 8).ToUpperInvariant() + good[18..];
        Assert.That(NoteVerifier.Parse(upper).KeyHash, Is.EqualTo(NoteVerifier.Parse(good).KeyHash));
    }

    [Test]
    public void NeverRepeatsAPrivateKey()
    {
        var skey = NoteSigner.Generate("x.example").SignerKey;
        var ex = Assert.Throws<InvalidVerifierKeyException>(() => NoteVerifier.Parse(skey));
        Assert.That(ex!.Message, Does.Not.Contain(skey[12..]));
        Assert.That(ex.Key, Is.Null);
    }

    [Test]
    public void FromEd25519PublicKeyChecksArguments()
    {
        Assert.Throws<ArgumentException>(() => NoteVerifier.FromEd25519PublicKey("a+b", new byte[32]));
        Assert.Throws<ArgumentException>(() => NoteVerifier.FromEd25519PublicKey("", new byte[32]));
        Assert.Throws<ArgumentException>(() => NoteVerifier.FromEd25519PublicKey("a\u2003b", new byte[32]));
        Assert.Throws<ArgumentException>(() => NoteVerifier.FromEd25519PublicKey("ab", new byte[31]));
    }
}
