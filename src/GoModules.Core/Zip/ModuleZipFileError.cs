using System;
using System.Text;

namespace GoModules.Zip;

/// <summary>One file that was omitted from a module zip or is invalid in one, with the reason.</summary>
/// <remarks>Mirrors <c>FileError</c> in golang.org/x/mod/zip.</remarks>
public sealed class ModuleZipFileError
{
    /// <summary>Initializes a new instance of the <see cref="ModuleZipFileError"/> class.</summary>
    /// <param name="path">The file path (or zip entry name).</param>
    /// <param name="kind">Why the file was omitted or is invalid.</param>
    /// <param name="message">The reason, in the go command's words.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="message"/> is <see langword="null"/>.</exception>
    public ModuleZipFileError(string path, ModuleZipFileErrorKind kind, string message)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(message);
        Path = path;
        Kind = kind;
        Message = message;
    }

    internal ModuleZipFileError(string path, ModuleZipFileErrorKind kind, string message, PathErrorKind pathError)
        : this(path, kind, message)
    {
        PathError = pathError;
    }

    internal ModuleZipFileError(ReadOnlySpan<byte> utf8Path, ModuleZipFileErrorKind kind, string message, PathErrorKind pathError = PathErrorKind.None)
    {
        Path = Encoding.UTF8.GetString(utf8Path);
        if (!System.Text.Unicode.Utf8.IsValid(utf8Path))
        {
            RawPath = utf8Path.ToArray();
        }

        Kind = kind;
        Message = message;
        PathError = pathError;
    }

    /// <summary>Gets the file path (or, for an archive, the full entry name). Bytes that are not UTF-8 appear as U+FFFD.</summary>
    public string Path { get; private set; }

    /// <summary>Gets why the file was omitted or is invalid.</summary>
    public ModuleZipFileErrorKind Kind { get; }

    /// <summary>Gets the reason, in the go command's words.</summary>
    public string Message { get; }

    /// <summary>Gets the raw name bytes when they are not valid UTF-8; otherwise null.</summary>
    internal byte[]? RawPath { get; }

    /// <summary>Gets, for <see cref="ModuleZipFileErrorKind.InvalidFilePath"/>, the file path rule that failed; otherwise <see cref="PathErrorKind.None"/>.</summary>
    public PathErrorKind PathError { get; }

    /// <summary>Returns <c>path: message</c>, as Go prints a file error.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + ": " + Message;

    internal ModuleZipFileError WithPath(string path)
    {
        var copy = (ModuleZipFileError)MemberwiseClone();
        copy.Path = path;
        return copy;
    }
}
