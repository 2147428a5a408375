using System;
using System.Collections.Generic;
using System.IO;
using GoModules.Kernel;

namespace GoModules.Zip;

/// <summary>
/// (<see cref="InvalidDataException"/> is sealed, so this derives from its nearest open relative,
/// <see cref="IOException"/>.) A module zip (or the files meant for one) breaks the rules of module zips: the message names the
/// entry and the reason, <see cref="Kind"/> says what went wrong and <see cref="Errors"/> lists the
/// offending files.
/// </summary>
public sealed class ModuleZipException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="ModuleZipException"/> class.</summary>
    public ModuleZipException()
        : this(ModuleZipErrorKind.ZipFormat, SR.ZipNotValid)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleZipException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ModuleZipException(string message)
        : this(ModuleZipErrorKind.ZipFormat, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleZipException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModuleZipException(string message, Exception? innerException)
        : this(ModuleZipErrorKind.ZipFormat, message, null, null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleZipException"/> class.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">The message, naming the entry and the reason.</param>
    /// <param name="entryName">The zip entry or file the failure is about, if any.</param>
    /// <param name="errors">The offending files, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ModuleZipException(ModuleZipErrorKind kind, string message, string? entryName = null, IReadOnlyList<ModuleZipFileError>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        EntryName = entryName;
        Errors = errors ?? [];
    }

    /// <summary>Gets what went wrong.</summary>
    public ModuleZipErrorKind Kind { get; }

    /// <summary>Gets the zip entry or file the failure is about, or <see langword="null"/> when it concerns the whole archive.</summary>
    public string? EntryName { get; }

    /// <summary>Gets the offending files (for <see cref="ModuleZipErrorKind.InvalidFiles"/>); otherwise empty.</summary>
    public IReadOnlyList<ModuleZipFileError> Errors { get; }

    internal ModuleZipException WithPrefix(string prefix)
        => new(Kind, prefix + Message, EntryName, Errors, InnerException);
}
