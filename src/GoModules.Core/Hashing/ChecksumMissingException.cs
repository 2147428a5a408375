using System;
using GoModules.Kernel;

namespace GoModules.Hashing;

/// <summary>
/// go.sum records no <c>h1:</c> hash for a module version, so a hash cannot be verified against it: the go command's
/// <c>path@version: missing go.sum entry</c> (<c>… missing go.sum entry for go.mod file</c> for a go.mod hash), which
/// it reports when go.sum may not be updated (<c>-mod=readonly</c>).
/// </summary>
/// <remarks>
/// Thrown by <see cref="GoSumFile.VerifyZipHash"/> and <see cref="GoSumFile.VerifyGoModHash"/>; use
/// <see cref="GoSumFile.Check"/> to be told instead (<see cref="GoSumVerification.Missing"/> or
/// <see cref="GoSumVerification.UnknownHashesOnly"/>) and consult a checksum database as the go command does.
/// </remarks>
public sealed class ChecksumMissingException : GoModuleException
{
    /// <summary>Initializes a new instance of the <see cref="ChecksumMissingException"/> class.</summary>
    public ChecksumMissingException()
        : this(SR.GoSumMissingEntry)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMissingException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ChecksumMissingException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMissingException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public ChecksumMissingException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a module version with no <c>h1:</c> hash of the given kind in go.sum.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="kind">Which hash is missing.</param>
    /// <param name="unknownHashesOnly"><see langword="true"/> when go.sum lists hashes for it, none of them <c>h1:</c>.</param>
    public ChecksumMissingException(ModuleVersion module, GoSumHashKind kind, bool unknownHashesOnly)
        : base(FormatMessage(module, kind, unknownHashesOnly), module, null, ModuleFetchFailure.ChecksumMissing, null, null, null)
    {
        Kind = kind;
        UnknownHashesOnly = unknownHashesOnly;
    }

    /// <summary>Gets which hash is missing.</summary>
    public GoSumHashKind Kind { get; }

    /// <summary>Gets a value indicating whether go.sum lists hashes for the module version, none of them <c>h1:</c>.</summary>
    public bool UnknownHashesOnly { get; }

    private static string FormatMessage(ModuleVersion module, GoSumHashKind kind, bool unknownHashesOnly)
    {
        var what = kind == GoSumHashKind.GoMod ? SR.GoSumMissingEntry + SR.GoSumMissingForGoMod : SR.GoSumMissingEntry;
        if (unknownHashesOnly)
        {
            what += SR.GoSumOnlyUnknownHashes;
        }

        return module.ToString() + ": " + what;
    }
}
