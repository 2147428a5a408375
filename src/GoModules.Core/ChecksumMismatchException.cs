using System;
using System.Globalization;
using System.Text;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// The exception thrown when downloaded module content does not hash to the checksum recorded for
/// it (in go.sum, or by a checksum database): Go's <c>SECURITY ERROR</c>. It must never be
/// retried or ignored automatically.
/// </summary>
/// <remarks>
/// The message starts as the go command's does (<c>verifying path@version: checksum mismatch</c>,
/// then the <c>downloaded:</c> and recorded hashes), so users can search for it, and goes on to
/// list the usual causes. <see cref="GoModuleException.Module"/> is set when <see cref="Path"/> is a valid
/// module path (go.sum paths are not checked). See go.dev/ref/mod#authenticating and
/// <c>go help module-auth</c>.
/// </remarks>
public sealed class ChecksumMismatchException : GoModuleException
{
    private static readonly CompositeFormat MessageFormat = CompositeFormat.Parse(SR.ChecksumMismatch);

    /// <summary>Initializes a new instance for a module version whose content or go.mod hashes differently than recorded.</summary>
    /// <param name="path">The module path, as recorded (unescaped).</param>
    /// <param name="version">The version, without any <c>/go.mod</c> suffix.</param>
    /// <param name="isGoMod"><see langword="true"/> when the go.mod checksum (a <c>/go.mod</c> line) failed;
    /// <see langword="false"/> for the checksum of the module zip.</param>
    /// <param name="expected">The recorded hash, such as <c>h1:…</c>.</param>
    /// <param name="actual">The hash computed from the downloaded content.</param>
    /// <param name="expectedSource">Where <paramref name="expected"/> was recorded: <c>go.sum</c>,
    /// <c>go.work.sum</c> or a checksum database name such as <c>sum.golang.org</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ChecksumMismatchException(string path, string version, bool isGoMod, string expected, string actual, string expectedSource)
        : base(FormatMessage(path, version, isGoMod, expected, actual, expectedSource), ModulePath.TryParse(path, out var modulePath) ? new ModuleVersion(modulePath, version) : null, version, ModuleFetchFailure.ChecksumMismatch, null, null, null)
    {
        Path = path;
        IsGoMod = isGoMod;
        Expected = expected;
        Actual = actual;
        ExpectedSource = expectedSource;
    }

    /// <summary>Initializes a new instance for a module version whose content or go.mod hashes differently than recorded.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="isGoMod"><see langword="true"/> when the go.mod checksum failed; <see langword="false"/> for the zip.</param>
    /// <param name="expected">The recorded hash, such as <c>h1:…</c>.</param>
    /// <param name="actual">The hash computed from the downloaded content.</param>
    /// <param name="expectedSource">Where <paramref name="expected"/> was recorded, such as <c>go.sum</c> or <c>sum.golang.org</c>.</param>
    /// <exception cref="ArgumentNullException">A string argument is <see langword="null"/>.</exception>
    public ChecksumMismatchException(ModuleVersion module, bool isGoMod, string expected, string actual, string expectedSource)
        : this(module.Path.Value, module.Version ?? string.Empty, isGoMod, expected, actual, expectedSource)
    {
    }

    /// <summary>Gets the module path as recorded (the same as <see cref="GoModuleException.Module"/>'s path when that is a valid module path).</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the go.mod checksum failed rather than the zip checksum.</summary>
    public bool IsGoMod { get; }

    /// <summary>Gets the recorded hash the content should have had.</summary>
    public string Expected { get; }

    /// <summary>Gets the hash computed from the downloaded content (Go's <c>downloaded:</c> line).</summary>
    public string Actual { get; }

    /// <summary>Gets where the expected hash was recorded, such as <c>go.sum</c> or <c>sum.golang.org</c>.</summary>
    public string ExpectedSource { get; }

    private static string FormatMessage(string path, string version, bool isGoMod, string expected, string actual, string expectedSource)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expectedSource);
        var label = expectedSource + ":";
        var padded = label.Length < "downloaded: ".Length ? label.PadRight("downloaded: ".Length) : label + " ";
        return string.Format(
            CultureInfo.InvariantCulture,
            MessageFormat,
            path,
            version,
            isGoMod ? "/go.mod" : string.Empty,
            actual,
            padded,
            expected,
            expectedSource);
    }
}
