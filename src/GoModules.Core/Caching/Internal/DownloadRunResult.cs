using System;
using System.Collections.Generic;

namespace GoModules.Caching.Internal;

/// <summary>The outcome of <see cref="DownloadRun.RunAsync"/>: what <c>go mod download</c> would print and return.</summary>
internal sealed class DownloadRunResult
{
    public List<ModuleDownloadResult> Results { get; } = [];

    /// <summary>Lines for standard error printed before the results.</summary>
    public List<string> Notices { get; } = [];

    /// <summary>A failure that stopped everything (no results are printed), in the go command's words.</summary>
    public string? FatalError { get; set; }

    /// <summary>Errors printed after the results (go.sum could not be written).</summary>
    public List<string> LateErrors { get; } = [];

    public Exception? FatalException { get; set; }

    public bool Failed => FatalError is not null || LateErrors.Count > 0 || Results.Exists(r => !r.Succeeded);
}
