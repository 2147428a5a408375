using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Zip.Internal;

/// <summary>Seekable mode of <see cref="ModuleZipReader"/> (placeholder: streams the file).</summary>
internal static class SeekableZipReader
{
    public static async Task<ModuleZipReadResult> ReadAsync(string zipFile, string modulePath, string version, ModuleZipReadOptions? options, CancellationToken cancellationToken)
    {
        var stream = new FileStream(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ModuleZipReader.ReadAsync(stream, modulePath, version, options, cancellationToken).ConfigureAwait(false);
        }
    }
}
