using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// The <c>@v/list</c> file of the cache: every version that has a <c>.mod</c> file, as the go command rebuilds
/// it after writing a <c>.mod</c>.
/// </summary>
internal static class VersionList
{
    /// <summary>
    /// Builds the content from the names in an <c>@v</c> directory: names ending in <c>.mod</c>, without the suffix,
    /// kept when non-empty and equal to their canonical form (so escaped upper-case versions never appear), sorted
    /// by semantic version, each followed by a newline.
    /// </summary>
    public static string Build(IEnumerable<string> names)
    {
        var versions = new List<string>();
        foreach (var name in names)
        {
            if (!name.EndsWith(".mod", StringComparison.Ordinal))
            {
                continue;
            }

            var v = name[..^4];
            if (v.Length != 0 && string.Equals(SemVer.CanonicalModuleVersion(v), v, StringComparison.Ordinal))
            {
                versions.Add(v);
            }
        }

        return Format(versions);
    }

    /// <summary>The text of a version list: <paramref name="versions"/> sorted in Go's semantic-version order (in place), one a line.</summary>
    public static string Format(List<string> versions)
    {
        SemVer.Sort(versions);
        var sb = new StringBuilder();
        foreach (var v in versions)
        {
            sb.Append(v).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Rewrites the list file of an <c>@v</c> directory under an exclusive lock on the list file itself, unless the
    /// content is already right.
    /// </summary>
    public static async Task RewriteAsync(string versionsDirectory, CancellationToken cancellationToken)
    {
        var listFile = Path.Join(versionsDirectory, "list");
        using var locked = await LockedFile.OpenWriteAsync(listFile, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(versionsDirectory))
        {
            names.Add(Path.GetFileName(entry));
        }

        var content = Encoding.UTF8.GetBytes(Build(names));
        if (locked.Length == content.Length && locked.ReadAll().AsSpan().SequenceEqual(content))
        {
            return;
        }

        locked.Replace(content);
    }
}
