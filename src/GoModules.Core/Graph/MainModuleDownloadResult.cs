using System;
using System.Collections.Generic;
using GoModules.Caching;

namespace GoModules.Graph;

/// <summary>
/// The outcome of <see cref="MainModuleDownloader.TryDownloadAsync"/>: what <c>go mod download</c> prints and whether
/// it fails, in the go command's words.
/// </summary>
public sealed class MainModuleDownloadResult
{
    internal MainModuleDownloadResult()
    {
    }

    /// <summary>Gets the records of the module versions downloaded (or tried), in the order of the arguments.</summary>
    /// <value>The records; empty when <see cref="FatalError"/> is set.</value>
    public IReadOnlyList<ModuleDownloadResult> Results => ResultList;

    /// <summary>Gets the notices the go command prints on standard error before the records (skipped arguments, "no module dependencies to download").</summary>
    /// <value>The lines, without a final newline.</value>
    public IReadOnlyList<string> Notices => NoticeList;

    /// <summary>Gets the failure that stopped everything before any record (a checksum mismatch, an invalid go.mod or go.sum, a query that matched nothing).</summary>
    /// <value>The message as the go command prints it, or <see langword="null"/>.</value>
    public string? FatalError { get; internal set; }

    /// <summary>Gets the exception behind <see cref="FatalError"/>.</summary>
    /// <value>The exception, or <see langword="null"/>.</value>
    public Exception? FatalException { get; internal set; }

    /// <summary>Gets the errors the go command prints after the records (go.sum could not be updated).</summary>
    /// <value>The lines.</value>
    public IReadOnlyList<string> LateErrors => LateErrorList;

    /// <summary>Gets a value indicating whether the go command would exit with a failure status.</summary>
    /// <value><see langword="true"/> when there is a fatal error, a late error or a failed record.</value>
    public bool Failed => FatalError is not null || LateErrorList.Count > 0 || ResultList.Exists(r => !r.Succeeded);

    internal List<ModuleDownloadResult> ResultList { get; } = [];

    internal List<string> NoticeList { get; } = [];

    internal List<string> LateErrorList { get; } = [];
}
