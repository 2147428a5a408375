using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Caching;

/// <content>Checking cached versions against their recorded hashes (<c>go mod verify</c>).</content>
public sealed partial class ModuleCache
{
    /// <summary>
    /// Checks that a cached version has not been modified since it was downloaded, as <c>go mod verify</c> does:
    /// the zip and the extracted directory must both hash to the recorded <c>.ziphash</c>. A version that was
    /// never downloaded passes.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The problems in the go command's words (<c>path version: zip has been modified (file)</c>); empty when verified.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IReadOnlyList<string>> VerifyAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        var path = module.Path.Value;
        var version = module.Version;
        var zip = Paths.GetZipFile(module);
        var dir = Paths.GetExtractedDirectory(module);
        var zipExists = File.Exists(zip);
        var dirUsable = Directory.Exists(dir) && !File.Exists(Paths.GetPartialFile(module)) && File.Exists(zip + "hash");
        byte[]? data;
        try
        {
            data = await File.ReadAllBytesAsync(zip + "hash", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!zipExists && !Directory.Exists(dir))
            {
                return errors;
            }

            errors.Add(PathErrors.Format(SR.VerifyMissingZipHash, path, version, ex.Message));
            return errors;
        }

        var recorded = Encoding.UTF8.GetString(data).Trim();
        if (zipExists)
        {
            try
            {
                var actual = await DirHash.HashZipAsync(zip, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(actual, recorded, StringComparison.Ordinal))
                {
                    errors.Add(PathErrors.Format(SR.VerifyZipModified, path, version, zip));
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ModuleZipException)
            {
                errors.Add(PathErrors.Format(SR.VerifyFailed, path, version, ex.Message));
                return errors;
            }
        }

        if (dirUsable || (Directory.Exists(dir) && File.Exists(Paths.GetPartialFile(module))))
        {
            try
            {
                var actual = await DirHash.HashDirectoryAsync(dir, path + "@" + version, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(actual, recorded, StringComparison.Ordinal))
                {
                    errors.Add(PathErrors.Format(SR.VerifyDirModified, path, version, dir));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(PathErrors.Format(SR.VerifyFailed, path, version, ex.Message));
            }
        }

        return errors;
    }
}
