using System.Globalization;
using GoModules.Kernel;

namespace GoModules.Tests.Kernel;

/// <summary>
/// <see cref="GoQuote"/> against the newest go's <c>strconv</c> (a probe built with GOMODULES_GO_NEWEST): which
/// code points are printable, and how a set of awkward strings is quoted.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class GoQuoteInteropTests
{
    private static readonly string[] TrickyHex =
    [
        "",
        "68656c6c6f",                 // hello
        "22 5c 27 60".Replace(" ", "", StringComparison.Ordinal), // " \ ' `
        "0007080c0a0d090b1b7f",       // NUL, \a\b\f\n\r\t\v, ESC, DEL
        "c280c29f",                   // C1 controls U+0080, U+009F
        "c2a0",                       // U+00A0 no-break space
        "c2ad",                       // U+00AD soft hyphen
        "e28087e280a8e280a9e38080",   // figure space, line and paragraph separators, ideographic space
        "e2808be2808de280ae",         // zero width space, zero width joiner, right-to-left override
        "efbbbf",                     // U+FEFF
        "efbfbd",                     // U+FFFD itself
        "efbfbeefbfbf",               // noncharacters U+FFFE, U+FFFF
        "ee8080efa3bff3b08080f48fbfbf", // private use U+E000, U+F8FF, U+F0000, U+10FFFF
        "65cc81cc88",                 // e + combining acute + diaeresis
        "cc81",                       // a lone combining mark
        "f09f9880f09f91a8e2808df09f91a9", // emoji, ZWJ sequence
        "f09f8fbb",                   // skin-tone modifier
        "eda080edbfbf",               // surrogates encoded as UTF-8 (invalid)
        "ff fe c0 af e0 80 af".Replace(" ", "", StringComparison.Ordinal), // invalid bytes, overlong encodings
        "e282",                       // truncated sequence at the end
        "f4908080",                   // above U+10FFFF
        "cdb8",                       // unassigned U+0378
        "f3a08081",                   // U+E0001 language tag
        "e1b5bff090bfbff0b1bbaaf09fafb9", // a few newer code points
    ];

    [Test]
    [CancelAfter(300_000)]
    public void IsPrintAndQuote_MatchTheNewestGo()
    {
        var probe = GoCommand.BuildProbe("quoteprobe");
        var input = string.Join('\n', TrickyHex) + "\n";
        var result = GoCommand.Run(probe, Path.GetDirectoryName(probe)!, new Dictionary<string, string?>(), input);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.Stdout.Split('\n');

        var goPrint = new bool[0x110000];
        var at = 1; // line 0 names Go's Unicode version
        for (; lines[at] != "end"; at++)
        {
            var dash = lines[at].IndexOf('-', StringComparison.Ordinal);
            var lo = int.Parse(lines[at].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var hi = int.Parse(lines[at].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            for (var r = lo; r <= hi; r++)
            {
                goPrint[r] = true;
            }
        }

        var mismatches = new List<string>();
        for (var r = 0; r < goPrint.Length; r++)
        {
            if (goPrint[r] != GoQuote.IsPrint(r))
            {
                var end = r;
                while (end + 1 < goPrint.Length && goPrint[end + 1] == goPrint[r] && goPrint[end + 1] != GoQuote.IsPrint(end + 1))
                {
                    end++;
                }

                mismatches.Add($"{r:x}-{end:x} go={goPrint[r]}");
                r = end;
            }
        }

        var quoteMismatches = new List<string>();
        for (var i = 0; i < TrickyHex.Length; i++)
        {
            var ours = GoQuote.Quote(Convert.FromHexString(TrickyHex[i]).AsSpan());
            var theirs = lines[at + 1 + i];
            if (ours != theirs)
            {
                quoteMismatches.Add($"{TrickyHex[i]}: go {theirs} ours {ours}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Empty, $"IsPrint differs from go ({lines[0]}, .NET {Environment.Version}) on {mismatches.Count} ranges: {string.Join(", ", mismatches)}");
            Assert.That(quoteMismatches, Is.Empty, "strconv.Quote differs");
        });
    }
}
