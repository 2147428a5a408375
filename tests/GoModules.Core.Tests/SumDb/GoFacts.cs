namespace GoModules.Tests.SumDb;

/// <summary>
/// Values produced by running golang.org/x/mod v0.7.0 (Go 1.19.8) on inputs of our own: an Ed25519 key made from the
/// seed of 32 bytes 0x07 for the name "gomodules.test/sumdb", a note it signed, and the tree of five records
/// "gomodules record i\n" (i = 0..4).
/// </summary>
internal static class GoFacts
{
    public const string VerifierKey = "gomodules.test/sumdb+8e1800dc+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";

    public const string SignedNote = "GoModules checks this text.\nSecond line.\n\n— gomodules.test/sumdb jhgA3HGXmTE8L/V0LGvblZdT3u44ME9fGVMOoxX/EC/Uw45IJglEsObAlUAX92gXc0AfH8ZMv9wbSNephQsLmXSrdAk=\n";

    public const string FiveRecordTreeHash = "K7Q1A4TVz2rnZ64Nd4KIr7aUpp9Pnr4ZPnvRuk5JX18=";

    /// <summary>The go command's built-in key for sum.golang.org (cmd/go/internal/modfetch/key.go, Go 1.19).</summary>
    public const string SumGolangOrgKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

    public static byte[] Seed => Enumerable.Repeat((byte)7, 32).ToArray();
}
