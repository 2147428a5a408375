using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Direct.Internal;

/// <summary>The module zip of a version, built from <c>git archive</c> of its directory: <c>Zip</c>.</summary>
internal sealed partial class CodeRepository
{
    /// <summary>Writes the module zip of a canonical version (Go's <c>codeRepo.Zip</c>).</summary>
    public async Task ZipAsync(string version, Stream destination, CancellationToken cancellationToken)
    {
        RequireCanonical(version);
        if (PseudoVersion.IsPseudoVersion(version))
        {
            await StatAsync(version, cancellationToken).ConfigureAwait(false);
        }

        var (commit, subdir, _) = await FindDirNotFoundAsync(version, cancellationToken).ConfigureAwait(false);
        subdir = subdir.Trim('/');
        Directory.CreateDirectory(_tempDirectory);
        var work = Path.Combine(_tempDirectory, "zip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var tarPath = Path.Combine(work, "archive.tar");
            long size;
            var tar = new FileStream(tarPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (tar.ConfigureAwait(false))
            {
                try
                {
                    size = await _git.ArchiveAsync(commit, subdir, tar, MaxZip, cancellationToken).ConfigureAwait(false);
                }
                catch (GitCommandException ex) when (ex.Stderr.Contains("did not match any files", StringComparison.Ordinal))
                {
                    throw new ModuleNotFoundException(SR.FileDoesNotExist, ex);
                }
                catch (GitCommandException ex)
                {
                    throw new ModuleFetchException(ex.Message, ex);
                }
            }

            if (size > MaxZip)
            {
                throw new ModuleFetchException(SR.ZipTooLarge);
            }

            var files = new List<ModuleZipSourceFile>();
            var prefix = "prefix/" + (subdir.Length == 0 ? string.Empty : subdir + "/");
            var haveLicense = false;
            var index = 0;
            var tarStream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (tarStream.ConfigureAwait(false))
            {
                var reader = new TarReader(tarStream);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                    {
                        continue;
                    }

                    var name = entry.Name;
                    if (!name.StartsWith("prefix/", StringComparison.Ordinal))
                    {
                        throw new ModuleFetchException(SR.ZipMoreThanOneTopDirectory);
                    }

                    if (!name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    name = name[prefix.Length..];
                    if (name.Length == 0 || name.EndsWith('/') || entry.EntryType == TarEntryType.Directory)
                    {
                        continue;
                    }

                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        var local = Path.Combine(work, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        var output = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                        await using (output.ConfigureAwait(false))
                        {
                            if (entry.DataStream is { } data)
                            {
                                await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        files.Add(new ModuleZipSourceFile(name, ModuleZipFileType.RegularFile, entry.Length, _ => ValueTask.FromResult<Stream>(File.OpenRead(local))));
                    }
                    else
                    {
                        files.Add(new ModuleZipSourceFile(name, ModuleZipFileType.Other, 0, null));
                    }

                    if (name == "LICENSE")
                    {
                        haveLicense = true;
                    }
                }
            }

            if (!haveLicense && subdir.Length != 0)
            {
                var license = await ReadFileAsync(commit, "LICENSE", MaxLicense, cancellationToken).ConfigureAwait(false);
                if (license is not null)
                {
                    files.Add(ModuleZipSourceFile.FromBytes("LICENSE", license));
                }
            }

            await ModuleZipWriter.CreateAsync(destination, _modPath, version, files, ModuleZipVendorRule.Automatic, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
