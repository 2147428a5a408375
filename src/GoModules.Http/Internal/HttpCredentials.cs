using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Internal;

/// <summary>
/// Credentials for proxy requests from .netrc and GOAUTH, for the https URL asked for only (never a redirect target).
/// </summary>
/// <remarks>
/// GOAUTH (Go 1.24+) is a <c>;</c>-separated list of <c>off</c>, <c>netrc</c>, <c>git DIR</c> and
/// commands; later methods run first and earlier ones override them. Unset means <c>netrc</c>, which is
/// also what Go 1.13–1.23 do. Credentials are kept per URL prefix (scheme, host and port, then path) and found by
/// walking up the request path. A command is run once up front and, after a 4xx answer, again with the URL as an
/// argument and the response's status line and headers on standard input; <c>git credential fill</c> runs only then,
/// for that URL, and never prompts. Credential values are never logged.
/// </remarks>
internal sealed class HttpCredentials
{
    private readonly ConcurrentDictionary<string, KeyValuePair<string, string>[]> _byPrefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyValuePair<string, string>[]> _netrc = new(StringComparer.Ordinal);
    private readonly List<string> _methods = new();
    private readonly string? _netrcPath;
    private readonly ILogger _logger;
    private readonly SingleFlight<bool, bool> _init = new();

    public HttpCredentials(string? goAuth, string? netrcPath, ILogger logger)
    {
        _netrcPath = netrcPath;
        _logger = logger;
        var methods = ParseGoAuth(goAuth, out var error);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(goAuth));
        }

        _methods.AddRange(methods);
    }

    /// <summary>Gets an empty instance that never adds credentials.</summary>
    public static HttpCredentials None { get; } = new("off", null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public bool IsOff => _methods.Count == 0;

    /// <summary>Splits GOAUTH into methods; an error when <c>off</c> is combined with others.</summary>
    public static List<string> ParseGoAuth(string? goAuth, out string? error)
    {
        error = null;
        var list = new List<string>();
        var value = string.IsNullOrWhiteSpace(goAuth) ? "netrc" : goAuth;
        foreach (var raw in value.Split(';'))
        {
            var m = raw.Trim();
            if (m.Length != 0)
            {
                list.Add(m);
            }
        }

        if (list.Contains("off"))
        {
            if (list.Count > 1)
            {
                error = "GOAUTH=off cannot be combined with other authentication commands (GOAUTH=" + value + ")";
            }

            list.Clear();
            return list;
        }

        foreach (var m in list)
        {
            if (IsGit(m))
            {
                var dir = m[3..].Trim();
                if (dir.Length == 0 || !Path.IsPathRooted(dir))
                {
                    error = "GOAUTH=git dir method requires an absolute path to the git working directory";
                }
            }
        }

        return list;
    }

    /// <summary>
    /// Gets the headers to send with a request for <paramref name="url"/> (the URL asked for, never a redirect
    /// target), or <see langword="null"/>; only ever for https. git credentials are not asked for here: like the go
    /// command, <c>git credential fill</c> runs only after a 4xx answer (see <see cref="RefreshAfterFailureAsync"/>).
    /// </summary>
    /// <param name="url">The URL asked for.</param>
    /// <param name="written">
    /// The same URL as the go command writes it (its <c>url.URL.String()</c>): the authority exactly as the user typed it
    /// in GOPROXY, user information and an explicit default port included. .netrc entries are matched against it.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public async ValueTask<KeyValuePair<string, string>[]?> GetAsync(Uri url, string written, CancellationToken cancellationToken)
    {
        if (IsOff || !string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return Lookup(url, written);
    }

    /// <summary>
    /// After a 4xx answer to <paramref name="url"/> (the URL asked for), runs the GOAUTH commands with that URL and the
    /// answer's status line and headers, and <c>git credential fill</c> for that URL; the caller then sends the request
    /// once more, as the go command does (Go 1.24+), whatever this found.
    /// </summary>
    public async ValueTask RefreshAfterFailureAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (IsOff || !string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var full = url.GetLeftPart(UriPartial.Path);
        for (var i = _methods.Count - 1; i >= 0; i--)
        {
            var m = _methods[i];
            if (m == "netrc")
            {
                continue;
            }

            if (IsGit(m))
            {
                await GitCredentialsAsync(m[3..].Trim(), url, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stdin = new StringBuilder();
            stdin.Append("HTTP/").Append(response.Version.ToString(2)).Append(' ').Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append('\n');
            foreach (var h in response.Headers)
            {
                stdin.Append(h.Key).Append(": ").Append(string.Join(", ", h.Value)).Append('\n');
            }

            stdin.Append('\n');
            var output = await RunAsync(m, full, stdin.ToString(), cancellationToken).ConfigureAwait(false);
            if (output is not null)
            {
                Store(output, overwrite: true);
            }
        }
    }

    private static bool IsGit(string method) =>
        method.StartsWith("git", StringComparison.Ordinal) && (method.Length == 3 || char.IsWhiteSpace(method[3]));

    /// <summary>
    /// Runs the up-front methods once, shared by concurrent requests; the commands run until the last waiting request
    /// gives up (then they are stopped and the next request runs them again).
    /// </summary>
    private Task<bool> EnsureInitializedAsync(CancellationToken cancellationToken)
        => _init.RunAsync(true, (_, ct) => InitializeAsync(ct), cancellationToken);

    private async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        // Later methods first, so earlier ones override them.
        for (var i = _methods.Count - 1; i >= 0; i--)
        {
            var m = _methods[i];
            if (m == "netrc")
            {
                LoadNetrc();
            }
            else if (IsGit(m))
            {
                // git is asked only after a 4xx answer, for the URL asked for.
            }
            else if (await RunAsync(m, null, null, cancellationToken).ConfigureAwait(false) is { } text)
            {
                // A command runs once, up front, before the first request.
                Store(text, overwrite: true);
            }
        }

        return true;
    }

    private void LoadNetrc()
    {
        var path = _netrcPath;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        string data;
        try
        {
            data = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NetrcUnreadable(_logger, path, ex.Message);
            return;
        }

        // As the newest go command (Go 1.24+) does, a machine is a URL prefix without "https://": "host" matches only
        // URLs written without a port, "host:port" only URLs written with that port (":443" included), and
        // "host:port/path" the URLs under that path. For the same machine the first entry wins.
        foreach (var e in Netrc.Parse(data))
        {
            _netrc.TryAdd(PrefixKey(e.Machine), [Basic(e.Login, e.Password)]);
        }
    }

    /// <summary>A URL or .netrc machine as the go command keys credentials: without <c>https://</c> and one trailing slash.</summary>
    internal static string PrefixKey(string text)
    {
        if (text.StartsWith("https://", StringComparison.Ordinal))
        {
            text = text["https://".Length..];
        }

        return text.EndsWith('/') ? text[..^1] : text;
    }

    /// <summary>
    /// The .netrc entry for a URL as the go command finds it: its text without <c>https://</c>, then shorter prefixes
    /// ending before each <c>/</c>, exactly (host names are not case-folded, ports not normalized).
    /// </summary>
    private KeyValuePair<string, string>[]? LookupNetrc(string written)
    {
        if (_netrc.Count == 0)
        {
            return null;
        }

        var key = PrefixKey(written);
        while (true)
        {
            if (_netrc.TryGetValue(key, out var h))
            {
                return h;
            }

            var slash = key.LastIndexOf('/');
            if (slash < 0)
            {
                return null;
            }

            key = key[..slash];
        }
    }

    private KeyValuePair<string, string>[]? Lookup(Uri url, string written)
    {
        // Earlier GOAUTH methods take precedence over later ones.
        foreach (var m in _methods)
        {
            if (m == "netrc")
            {
                if (LookupNetrc(written) is { } fromNetrc)
                {
                    return fromNetrc;
                }
            }
            else if (LookupPrefix(url) is { } fromCommand)
            {
                return fromCommand;
            }
        }

        return null;
    }

    private KeyValuePair<string, string>[]? LookupPrefix(Uri url)
    {
        if (_byPrefix.IsEmpty)
        {
            return null;
        }

        // Walk up the path (https://host:port/a/b, https://host:port/a, https://host:port). The port is part of the
        // prefix, as it is for the go command: credentials stored for https://host (port 443) are not sent to
        // https://host:8443, which may be another server.
        return WalkUp(Origin(url), url.AbsolutePath.TrimEnd('/'));
    }

    /// <summary><c>https://host</c> or <c>https://host:port</c> (lower case, port only when not 443).</summary>
    private static string Origin(Uri url) =>
        "https://" + url.IdnHost.ToLowerInvariant() + (url.IsDefaultPort ? string.Empty : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private KeyValuePair<string, string>[]? WalkUp(string origin, string path)
    {
        var prefix = origin + path;
        while (true)
        {
            if (_byPrefix.TryGetValue(prefix, out var h))
            {
                return h;
            }

            if (prefix.Length <= origin.Length)
            {
                return null;
            }

            prefix = prefix[..prefix.LastIndexOf('/')];
        }
    }

    /// <summary>
    /// Asks <c>git credential fill</c> (in <paramref name="dir"/>) for the URL asked for and keeps the answer under its
    /// scheme, host, port and (when git names one) path. git never prompts: no terminal prompt, no askpass program
    /// (<c>GIT_ASKPASS</c>, <c>core.askPass</c>, <c>SSH_ASKPASS</c>) and no credential-manager dialog, so a helper
    /// that knows the host answers and otherwise nothing is found. An answer for another scheme, host or port is ignored.
    /// </summary>
    private async ValueTask GitCredentialsAsync(string dir, Uri url, CancellationToken cancellationToken)
    {
        var origin = Origin(url);
        var full = url.GetLeftPart(UriPartial.Path);
        var output = await RunProcess("git", ["credential", "fill"], dir, "url=" + full + "\n", GitEnvironment, cancellationToken).ConfigureAwait(false);
        if (output is null)
        {
            return;
        }

        string? protocol = null, host = null, path = null, user = null, pass = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..];
            switch (line[..eq])
            {
                case "protocol": protocol = value; break;
                case "host": host = value; break;
                case "path": path = value; break;
                case "username": user = value; break;
                case "password": pass = value; break;
            }
        }

        if (user is null || pass is null)
        {
            return;
        }

        // git echoes what it was asked about; anything else is not a credential for this URL.
        var prefix = Uri.TryCreate((protocol ?? "https") + "://" + (host ?? url.Authority) + "/" + (path ?? string.Empty), UriKind.Absolute, out var answered)
            && string.Equals(answered.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Origin(answered), origin, StringComparison.Ordinal)
                ? origin + answered.AbsolutePath.TrimEnd('/')
                : null;
        if (prefix is null || !(full + "/").StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            Log.AuthMethodFailed(_logger, "git", "git credential fill answered for another URL than " + UrlRedaction.Redact(full));
            return;
        }

        _byPrefix[prefix] = [Basic(user, pass)];
    }

    /// <summary>The environment of <c>git credential fill</c>: prompts of every kind turned off.</summary>
    private static readonly KeyValuePair<string, string?>[] GitEnvironment =
    [
        new("GIT_TERMINAL_PROMPT", "0"),
        new("GCM_INTERACTIVE", "never"),

        // An empty GIT_ASKPASS makes git skip core.askPass and SSH_ASKPASS as well.
        new("GIT_ASKPASS", string.Empty),
        new("SSH_ASKPASS", null),
    ];

    /// <summary>Stores a GOAUTH command's output: blocks of URL prefix lines, a blank line, then header lines.</summary>
    internal void Store(string output, bool overwrite)
    {
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var prefixes = new List<string>();
            while (i < lines.Length && lines[i].Length != 0)
            {
                var p = lines[i].Trim();
                if (Uri.TryCreate(p, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps)
                {
                    prefixes.Add("https://" + u.IdnHost.ToLowerInvariant() + (u.IsDefaultPort ? string.Empty : ":" + u.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) + u.AbsolutePath.TrimEnd('/'));
                }

                i++;
            }

            i++; // blank line
            var headers = new List<KeyValuePair<string, string>>();
            while (i < lines.Length && lines[i].Length != 0)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
                }

                i++;
            }

            i++;
            if (prefixes.Count == 0 || headers.Count == 0)
            {
                continue;
            }

            var arr = headers.ToArray();
            foreach (var p in prefixes)
            {
                if (overwrite || !_byPrefix.ContainsKey(p))
                {
                    _byPrefix[p] = arr;
                }
            }
        }
    }

    private ValueTask<string?> RunAsync(string command, string? url, string? stdin, CancellationToken cancellationToken)
    {
        var args = SplitCommand(command);
        if (args.Count == 0)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var file = args[0];
        args.RemoveAt(0);
        if (url is not null)
        {
            args.Add(url);
        }

        return RunProcess(file, args, null, stdin, null, cancellationToken);
    }

    private async ValueTask<string?> RunProcess(string file, IList<string> args, string? workingDirectory, string? stdin, KeyValuePair<string, string?>[]? environment, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }

        Process? p = null;
        var exited = false;
        try
        {
            p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            var read = p.StandardOutput.ReadToEndAsync(cancellationToken);
            var err = p.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await p.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            p.StandardInput.Close();
            var output = await read.ConfigureAwait(false);
            _ = await err.ConfigureAwait(false);
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            exited = true;
            if (p.ExitCode != 0)
            {
                Log.AuthMethodFailed(_logger, file, "exit status " + p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return null;
            }

            return output;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            Log.AuthMethodFailed(_logger, file, ex.Message);
            return null;
        }
        finally
        {
            if (p is not null)
            {
                if (!exited)
                {
                    // Cancelled (a caller gave up, a deadline passed) or failed while the command still runs: the
                    // command and everything it started are killed, never left behind.
                    KillTree(p);
                }

                p.Dispose();
            }
        }
    }

    /// <summary>Kills a process and its descendants, and waits (briefly, bounded) for it to be gone.</summary>
    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                _ = process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        catch (NotSupportedException)
        {
        }
    }

    /// <summary>Splits a command line with shell-like quoting ('…', "…", backslash escapes).</summary>
    internal static List<string> SplitCommand(string command)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < command.Length)
                {
                    sb.Append(command[++i]);
                }
                else
                {
                    sb.Append(c);
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    result.Add(sb.ToString());
                    sb.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                sb.Append(command[++i]);
            }
            else
            {
                sb.Append(c);
            }
        }

        if (inWord)
        {
            result.Add(sb.ToString());
        }

        return result;
    }

    private static KeyValuePair<string, string> Basic(string user, string password) =>
        new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
}
