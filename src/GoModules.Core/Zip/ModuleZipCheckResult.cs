using System.Collections.Generic;

namespace GoModules.Zip;

/// <summary>
/// Which files of a module are valid, omitted or invalid for its zip, and whether the module breaks
/// a size limit. Produced by <see cref="ModuleZipValidator"/>; throws only from <see cref="EnsureValid"/>.
/// </summary>
/// <remarks>Mirrors <c>CheckedFiles</c> in golang.org/x/mod/zip, so its documentation carries over.</remarks>
public sealed class ModuleZipCheckResult
{
    internal ModuleZipCheckResult(IReadOnlyList<string> valid, IReadOnlyList<ModuleZipFileError> omitted, IReadOnlyList<ModuleZipFileError> invalid, ModuleZipException? sizeError, ModuleZipException? otherError = null)
    {
        Valid = valid;
        Omitted = omitted;
        Invalid = invalid;
        SizeError = sizeError;
        Error = sizeError ?? otherError ?? (invalid.Count > 0 ? InvalidFilesError(invalid, "") : null);
    }

    /// <summary>Gets the paths that belong in the zip, in input order (for an archive, full entry names).</summary>
    public IReadOnlyList<string> Valid { get; }

    /// <summary>Gets the files left out of the zip, each with the reason.</summary>
    public IReadOnlyList<ModuleZipFileError> Omitted { get; }

    /// <summary>Gets the files that make the module invalid, each with the reason.</summary>
    public IReadOnlyList<ModuleZipFileError> Invalid { get; }

    /// <summary>Gets the size-limit failure, if any.</summary>
    public ModuleZipException? SizeError { get; }

    /// <summary>
    /// Gets what makes the module unusable: the size error if set; otherwise a
    /// <see cref="ModuleZipErrorKind.InvalidFiles"/> error listing <see cref="Invalid"/>; otherwise,
    /// for a zip, a malformed module path or version or an unreadable archive; otherwise null.
    /// </summary>
    public ModuleZipException? Error { get; }

    /// <summary>Gets a value indicating whether the module passed every check.</summary>
    public bool IsValid => Error is null;

    /// <summary>Throws <see cref="Error"/> when it is set.</summary>
    /// <exception cref="ModuleZipException">The module breaks a rule of module zips.</exception>
    public void EnsureValid()
    {
        if (Error is not null)
        {
            throw Error;
        }
    }

    internal static ModuleZipException InvalidFilesError(IReadOnlyList<ModuleZipFileError> invalid, string prefix)
    {
        var message = prefix + string.Join("\n", invalid);
        return new ModuleZipException(ModuleZipErrorKind.InvalidFiles, message, invalid[0].Path, invalid);
    }
}
