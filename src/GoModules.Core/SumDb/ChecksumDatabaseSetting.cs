using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using GoModules.Kernel;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <summary>
/// The meaning of a GOSUMDB setting: checksum verification off, or which database to trust (its name and public key)
/// and, optionally, the URL to reach it at.
/// </summary>
/// <remarks>
/// <para>GOSUMDB is split on white space into one or two fields:</para>
/// <list type="bullet">
/// <item><description><c>off</c>: no checksum database (go.sum is still enforced);</description></item>
/// <item><description>a known database name; the only one built in is <c>sum.golang.org</c> (whose key is
/// <see cref="SumGolangOrgKey"/>). <c>sum.golang.google.cn</c> alone means <c>sum.golang.org https://sum.golang.google.cn</c>;</description></item>
/// <item><description>a verifier key <c>name+hash+key</c> (see <see cref="NoteVerifier"/>), for another database;</description></item>
/// <item><description>either of the above followed by a URL: all database requests go to that URL, bypassing the proxies.</description></item>
/// </list>
/// <para>
/// Without a URL the go command first asks each GOPROXY entry whether it proxies the database
/// (<c>&lt;proxy&gt;/sumdb/&lt;name&gt;/supported</c>) and otherwise connects to <see cref="DirectUrl"/>,
/// <c>https://&lt;name&gt;</c>. The name must therefore look like <c>host[/path]</c>. An empty or unset GOSUMDB
/// means <c>sum.golang.org</c>. See cmd/go/internal/modfetch/sumdb.go and https://go.dev/ref/mod#checksum-database.
/// </para>
/// </remarks>
public sealed class ChecksumDatabaseSetting
{
    /// <summary>The go command's built-in key for <c>sum.golang.org</c>.</summary>
    public const string SumGolangOrgKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

    /// <summary>The name of the default database.</summary>
    public const string DefaultName = "sum.golang.org";

    private static readonly Dictionary<string, string> KnownKeys = new(StringComparer.Ordinal)
    {
        [DefaultName] = SumGolangOrgKey,
    };

    private ChecksumDatabaseSetting(string value, NoteVerifier? verifier, Uri? url)
    {
        Value = value;
        Verifier = verifier;
        Url = url;
    }

    /// <summary>Gets the default setting: <c>sum.golang.org</c> with its built-in key, reached through the proxies.</summary>
    /// <value>The setting for an empty or unset GOSUMDB.</value>
    public static ChecksumDatabaseSetting Default { get; } = Parse(DefaultName);

    /// <summary>Gets the setting <c>off</c>.</summary>
    /// <value>No checksum database.</value>
    public static ChecksumDatabaseSetting Off { get; } = new("off", null, null);

    /// <summary>Gets the GOSUMDB text this setting was read from.</summary>
    /// <value>For example <c>sum.golang.org</c> or <c>off</c>.</value>
    public string Value { get; }

    /// <summary>Gets a value indicating whether checksum-database verification is off.</summary>
    /// <value>True for <c>off</c>.</value>
    [MemberNotNullWhen(false, nameof(Verifier), nameof(Name), nameof(DirectUrl))]
    public bool IsOff => Verifier is null;

    /// <summary>Gets the database's public key.</summary>
    /// <value>Null when verification is off.</value>
    public NoteVerifier? Verifier { get; }

    /// <summary>Gets the database name (the key's name).</summary>
    /// <value>For example <c>sum.golang.org</c>; null when verification is off.</value>
    public string? Name => Verifier?.Name;

    /// <summary>Gets the URL given in the setting, used for every database request instead of the proxies.</summary>
    /// <value>Null when the setting names no URL.</value>
    public Uri? Url { get; }

    /// <summary>Gets the URL the database is reached at when no proxy serves it: <c>https://&lt;name&gt;</c>.</summary>
    /// <value>Null when verification is off.</value>
    public Uri? DirectUrl => Verifier is null ? null : new Uri("https://" + Verifier.Name, UriKind.Absolute);

    /// <summary>Reads a GOSUMDB value.</summary>
    /// <param name="value">The value; null or empty means the default, <c>sum.golang.org</c>.</param>
    /// <returns>The setting.</returns>
    /// <exception cref="InvalidChecksumDatabaseSettingException">
    /// The value has only white space ("missing GOSUMDB") or more than two fields ("invalid GOSUMDB: too many fields").
    /// -or-
    /// The first field is neither a known name nor a valid verifier key ("invalid GOSUMDB: malformed verifier id", …).
    /// -or-
    /// The key's name is not of the form host[/path] ("invalid sumdb name (must be host[/path]): …").
    /// -or-
    /// The URL is not an absolute http, https or file URL ("invalid GOSUMDB URL: …").
    /// </exception>
    public static ChecksumDatabaseSetting Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            value = DefaultName;
        }

        if (value == "off")
        {
            return Off;
        }

        var text = value == "sum.golang.google.cn" ? "sum.golang.org https://sum.golang.google.cn" : value;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            throw new InvalidChecksumDatabaseSettingException("missing GOSUMDB", value, null);
        }

        if (fields.Length > 2)
        {
            throw new InvalidChecksumDatabaseSettingException(SR.GoSumDbTooManyFields, value, null);
        }

        var key = KnownKeys.TryGetValue(fields[0], out var known) ? known : fields[0];
        NoteVerifier verifier;
        try
        {
            verifier = NoteVerifier.Parse(key);
        }
        catch (InvalidVerifierKeyException ex)
        {
            throw new InvalidChecksumDatabaseSettingException(SumDbText.Format(SR.GoSumDbInvalid, ex.Reason), value, ex);
        }

        if (!IsHostAndPath(verifier.Name))
        {
            throw new InvalidChecksumDatabaseSettingException(SumDbText.Format(SR.GoSumDbBadName, verifier.Name), value, null);
        }

        Uri? url = null;
        if (fields.Length == 2)
        {
            if (!Uri.TryCreate(fields[1], UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeFile))
            {
                throw new InvalidChecksumDatabaseSettingException(SumDbText.Format(SR.GoSumDbBadUrl, fields[1]), value, null);
            }
        }

        return new ChecksumDatabaseSetting(value, verifier, url);
    }

    /// <summary>Reads a GOSUMDB value, without throwing.</summary>
    /// <param name="value">The value; null or empty means the default.</param>
    /// <param name="setting">The setting, when valid.</param>
    /// <returns>True when the value is valid.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ChecksumDatabaseSetting? setting)
    {
        try
        {
            setting = Parse(value);
            return true;
        }
        catch (InvalidChecksumDatabaseSettingException)
        {
            setting = null;
            return false;
        }
    }

    /// <summary>Returns the GOSUMDB text.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;

    /// <summary>
    /// Whether "https://" + name parses, as Go's url.Parse does, into nothing but a host and a path that needs no escaping
    /// (no user info, query, fragment, percent-escapes, or characters a URL path would escape), and does not end in '/'.
    /// </summary>
    internal static bool IsHostAndPath(string name)
    {
        if (name.Length == 0 || name.EndsWith('/'))
        {
            return false;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? name.AsSpan() : name.AsSpan(0, slash);
        var path = slash < 0 ? ReadOnlySpan<char>.Empty : name.AsSpan(slash);
        if (host.IsEmpty || !IsHost(host))
        {
            return false;
        }

        foreach (var c in path)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || "-_.~$&+,/:;=@".Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHost(ReadOnlySpan<char> host)
    {
        // Bracketed IPv6 literal with optional port.
        if (host[0] == '[')
        {
            var close = host.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            return IsOptionalPort(host[(close + 1)..]);
        }

        var colon = host.LastIndexOf(':');
        var hostname = colon < 0 ? host : host[..colon];
        if (colon >= 0 && !IsOptionalPort(host[colon..]))
        {
            return false;
        }

        foreach (var c in hostname)
        {
            var ok = c >= 0x80 || char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*,;=".Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Empty, or ':' followed by digits only (Go's validOptionalPort).</summary>
    private static bool IsOptionalPort(ReadOnlySpan<char> port)
    {
        if (port.IsEmpty)
        {
            return true;
        }

        if (port[0] != ':')
        {
            return false;
        }

        foreach (var c in port[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
