using System;
using System.Collections.Generic;
using System.IO;
using GoModules.Kernel;

namespace GoModules.Zip;

/// <summary>
/// A module zip (or the files meant for one) breaks the rules of module zips or is not a valid zip: the message names the
/// entry and the reason, <see cref="Kind"/> says what went wrong and <see cref="Errors"/> lists the
/// offending files. <see cref="GoModuleException.Failure"/> is <see cref="ModuleFetchFailure.InvalidZip"/>.
/// </summary>
/// <remarks>
/// Part of the <see cref="GoModuleException"/> family (it used to be an <see cref="IOException"/>): when an I/O
/// error or an <see cref="InvalidDataException"/> of the zip reader caused it, that error is the
/// <see cref="Exception.InnerException"/>. <see cref="GoModuleException.Module"/> is set when the zip belongs to a
/// known module version (downloads, the module cache).
/// </remarks>
public sealed class ModuleZipException : GoModuleException
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
        : this(kind, message, entryName, errors, innerException, null)
    {
    }

    private ModuleZipException(ModuleZipErrorKind kind, string message, string? entryName, IReadOnlyList<ModuleZipFileError>? errors, Exception? innerException, ModuleVersion? module)
        : base(message, module, null, ModuleFetchFailure.InvalidZip, null, null, innerException)
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
        => new(Kind, prefix + Message, EntryName, Errors, InnerException, Module);

    /// <summary>The same error about a module version: <c>path@version: </c> before the message unless it is there already.</summary>
    internal ModuleZipException ForModule(ModuleVersion module)
    {
        var prefix = module.ToString() + ": ";
        var message = Message.StartsWith(prefix, StringComparison.Ordinal) ? Message : prefix + Message;
        return new(Kind, message, EntryName, Errors, this, module);
    }
}
