using System.Globalization;

namespace GoModules.TestUtilities;

/// <summary>A throw-away git repository built by test code, isolated from the user's and system git configuration.</summary>
public sealed class GitTestRepository
{
    private static int _setUp;

    public GitTestRepository(string root, string name = "repo")
    {
        Isolate();
        Directory = Path.Combine(root, name);
        System.IO.Directory.CreateDirectory(Directory);
        Git("init", "-q", "-b", "main");
    }

    public string Directory { get; }

    /// <summary>Points git at an empty global configuration and no system configuration for the whole test process.</summary>
    public static void Isolate()
    {
        if (Interlocked.Exchange(ref _setUp, 1) == 1)
        {
            return;
        }

        var empty = Path.Combine(Path.GetTempPath(), "gomodules-test-empty.gitconfig"); // shared, always empty
        File.WriteAllText(empty, string.Empty);
        Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", "1");
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", empty);
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Directory, path.Replace('/', Path.DirectorySeparatorChar));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Delete(string path) => Git("rm", "-q", path);

    /// <summary>Commits everything at a fixed UTC time and returns the full hash.</summary>
    public string Commit(string message, DateTimeOffset when)
    {
        Git("add", "-A");
        var date = when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + " +0000";
        Run(Directory, ["commit", "-q", "--allow-empty", "-m", message], new() { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date });
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public void Tag(string name, bool annotated = false, string? commit = null)
    {
        var args = new List<string> { "tag" };
        if (annotated)
        {
            args.AddRange(["-a", "-m", "release " + name]);
        }

        args.Add(name);
        if (commit is not null)
        {
            args.Add(commit);
        }

        Git([.. args]);
    }

    public string Git(params string[] args) => Run(Directory, args, null);

    public static string Run(string? dir, IEnumerable<string> args, Dictionary<string, string>? env)
    {
        Isolate();
        var (exit, stdout, stderr) = ProcessRunner.Run(
            "git",
            ["-c", "user.name=GoModules Test", "-c", "user.email=test@example.com", .. args],
            dir,
            env?.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal));
        if (exit != 0)
        {
            throw new InvalidOperationException("git " + string.Join(' ', args) + " failed: " + stderr);
        }

        return stdout;
    }
}
