namespace GoModules.TestUtilities;

/// <summary>
/// A temporary directory, removed on disposal with everything below it: read-only directories (the module cache keeps
/// its trees 0555) are made writable first, and no symbolic link is ever followed, so a test that plants a link to a
/// directory outside can never have that directory changed or removed by the cleanup.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a new, empty directory under the system's temporary folder.</summary>
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("gomodules-test-").FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>A path below the directory (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates the subdirectory <paramref name="name"/> (and its parents) and returns its path.</summary>
    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes the directory; best effort (a failure to clean up never fails a test).</summary>
    public void Dispose()
    {
        try
        {
            MakeWritable(Path);
            Directory.Delete(Path, recursive: true);
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

    // Gives the owner full access to every real directory of the tree, entering no link.
    private static void MakeWritable(string root)
    {
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    foreach (var file in dir.EnumerateFiles())
                    {
                        file.Attributes = FileAttributes.Normal;
                    }
                }
                else
                {
                    dir.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                }

                foreach (var sub in dir.EnumerateDirectories())
                {
                    if (sub.LinkTarget is null)
                    {
                        pending.Push(sub);
                    }
                }
            }
            catch (IOException)
            {
                // Best effort, like the removal itself.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
