using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Graph.Internal;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.ModFile;

namespace GoModules.Graph;

/// <summary>
/// The files of a main module as the go command reads them before it works on the module: its directory (the
/// nearest directory with a go.mod, from a working directory up), its go.mod (parsed strictly) and its go.sum (read
/// under the go command's lock; a missing go.sum reads as empty).
/// </summary>
public sealed class MainModuleFiles
{
    private readonly byte[] _goSumData;

    private MainModuleFiles(string directory, GoModFile goMod, GoSumFile goSum, byte[] goSumData, bool hasGoSum)
    {
        Directory = directory;
        GoMod = goMod;
        GoSum = goSum;
        _goSumData = goSumData;
        HasGoSum = hasGoSum;
    }

    /// <summary>Gets the main module's directory.</summary>
    /// <value>The absolute path of the directory that holds go.mod.</value>
    public string Directory { get; }

    /// <summary>Gets the main module's go.mod.</summary>
    /// <value>The parsed file.</value>
    public GoModFile GoMod { get; }

    /// <summary>Gets the main module's go.sum as read.</summary>
    /// <value>The parsed file; empty when there is no go.sum.</value>
    public GoSumFile GoSum { get; }

    /// <summary>Gets a value indicating whether the main module has a go.sum file.</summary>
    /// <value><see langword="true"/> when go.sum existed when it was read.</value>
    public bool HasGoSum { get; }

    /// <summary>
    /// Finds a main module's directory as the go command does: the nearest directory, from <paramref name="start"/> up,
    /// that holds a go.mod file.
    /// </summary>
    /// <param name="start">The directory to start from, usually the working directory.</param>
    /// <returns>The directory, or <see langword="null"/> when neither it nor a parent holds a go.mod.</returns>
    /// <exception cref="ArgumentException"><paramref name="start"/> is <see langword="null"/> or empty.</exception>
    public static string? FindDirectory(string start)
    {
        ArgumentException.ThrowIfNullOrEmpty(start);
        for (var dir = Path.GetFullPath(start); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Join(dir, "go.mod")))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the main module in <paramref name="directory"/>: go.mod parsed strictly, and go.sum read under its lock with
    /// a malformed line fatal (as the go command since Go 1.22).
    /// </summary>
    /// <param name="directory">The main module's directory.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The files.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="GoModParseException">go.mod is invalid.</exception>
    /// <exception cref="GoSumFormatException">A go.sum line is malformed.</exception>
    /// <exception cref="IOException">go.mod or go.sum cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<MainModuleFiles> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        var goModPath = Path.Join(root, "go.mod");
        var data = await File.ReadAllBytesAsync(goModPath, cancellationToken).ConfigureAwait(false);
        var goMod = GoModFile.Parse(goModPath, data);
        var goSumPath = Path.Join(root, "go.sum");
        byte[] sumData;
        var hasGoSum = true;
        try
        {
            using var locked = await LockedFile.OpenReadAsync(goSumPath, cancellationToken).ConfigureAwait(false);
            sumData = locked.ReadAll();
        }
        catch (FileNotFoundException)
        {
            sumData = [];
            hasGoSum = false;
        }

        var goSum = GoSumFile.Parse(sumData, GoSumReadMode.ThrowOnMalformedLine, goSumPath);
        return new MainModuleFiles(root, goMod, goSum, sumData, hasGoSum);
    }

    /// <summary>
    /// Reads the checksums of a workspace as the go command consults them: go.work.sum and the go.sum of every module
    /// the go.work file uses, merged into one file.
    /// </summary>
    /// <param name="goWorkFile">The go.work file.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The merged checksums, or <see langword="null"/> when none of the files exists.</returns>
    /// <exception cref="ArgumentException"><paramref name="goWorkFile"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="GoModuleException">go.work is invalid.</exception>
    /// <exception cref="GoSumFormatException">A line of a checksum file is malformed.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<GoSumFile?> ReadWorkspaceSumsAsync(string goWorkFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(goWorkFile);
        var workPath = Path.GetFullPath(goWorkFile);
        var workDir = Path.GetDirectoryName(workPath)!;
        var files = new List<string> { workPath + ".sum" };
        var (use, _) = WorkFileReader.Read(workPath, await File.ReadAllBytesAsync(workPath, cancellationToken).ConfigureAwait(false));
        foreach (var dir in use)
        {
            files.Add(Path.Join(Path.GetFullPath(Path.Join(workDir, dir)), "go.sum"));
        }

        GoSumFile? merged = null;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            merged ??= new GoSumFile();
            var sums = GoSumFile.Parse(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), GoSumReadMode.ThrowOnMalformedLine, file);
            foreach (var e in sums.Entries)
            {
                merged.Add(e);
            }
        }

        return merged;
    }

    /// <summary>
    /// Parses go.sum again into a new, independent file: for a <see cref="SumDb.ModuleChecksumVerifier"/>, which adds
    /// what it verifies to its own copy while <see cref="GoSum"/> stays the file as read.
    /// </summary>
    /// <returns>A new file with the same entries.</returns>
    public GoSumFile CopyGoSum() => GoSumFile.Parse(_goSumData, GoSumReadMode.ThrowOnMalformedLine);
}
