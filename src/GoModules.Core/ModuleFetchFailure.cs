namespace GoModules;

/// <summary>Why a request to a module source failed. Callers branch on this instead of parsing messages.</summary>
/// <remarks>
/// Only <see cref="ModuleNotFoundException"/> failures (404, 410, a missing <c>file://</c> file and the
/// lookups disabled by GOPROXY/GONOPROXY) let a <c>,</c> entry of GOPROXY fall back to the next one;
/// every other failure stops there unless the entry is followed by <c>|</c> (see <c>go help goproxy</c>).
/// </remarks>
public enum ModuleFetchFailure
{
    /// <summary>The reason is not one of the others.</summary>
    Other = 0,

    /// <summary>The server answered with a status other than 200; see the exception's status code.</summary>
    HttpStatus,

    /// <summary>A <c>file://</c> proxy has no such file (reported like a 404).</summary>
    FileNotFound,

    /// <summary>A <c>file://</c> proxy file could not be read for lack of permission (reported like a 403).</summary>
    FileAccessDenied,

    /// <summary>GOPROXY reached <c>off</c>.</summary>
    ProxyOff,

    /// <summary>The module matches GONOPROXY/GOPRIVATE, so this proxy entry was not asked.</summary>
    DisabledByNoProxy,

    /// <summary>The implicit <c>noproxy</c> entry: the module does not match GONOPROXY/GOPRIVATE.</summary>
    NotMatchedByNoProxy,

    /// <summary>GOPROXY reached <c>direct</c> (or GONOPROXY matched) and no direct fetcher was supplied.</summary>
    DirectNotConfigured,

    /// <summary>The connection was refused.</summary>
    ConnectionRefused,

    /// <summary>The connection was reset.</summary>
    ConnectionReset,

    /// <summary>The server closed the connection before sending a response.</summary>
    ConnectionClosed,

    /// <summary>A configured timeout elapsed (connecting, waiting for headers, or between body bytes).</summary>
    Timeout,

    /// <summary>The host name could not be resolved.</summary>
    NameResolution,

    /// <summary>The TLS handshake failed (including a plain-HTTP server behind an <c>https://</c> URL).</summary>
    Tls,

    /// <summary>Another transport error.</summary>
    Transport,

    /// <summary>The response body ended before its declared length.</summary>
    TruncatedBody,

    /// <summary>Reading the response body failed part-way.</summary>
    BodyReadFailed,

    /// <summary>More than ten redirects.</summary>
    TooManyRedirects,

    /// <summary>A redirect from an <c>https</c> URL to a non-<c>https</c> URL.</summary>
    InsecureRedirect,

    /// <summary>A proxy URL with user information uses plain <c>http</c>; credentials are never sent in clear.</summary>
    InsecureCredentials,

    /// <summary>A <c>.info</c> or <c>@latest</c> answer is not valid JSON of the expected shape.</summary>
    InvalidResponse,

    /// <summary>A <c>.info</c> answer names another version than the canonical version asked for.</summary>
    WrongVersion,

    /// <summary>A response exceeded its size limit.</summary>
    TooLarge,

    /// <summary>The version text cannot be used in a request (for example it contains <c>!</c>).</summary>
    InvalidVersion,

    /// <summary>The GOPROXY setting itself is invalid (a bad URL or no entries).</summary>
    InvalidConfiguration,

    /// <summary>The checksum database could not vouch for the download: its lookup failed (the inner exception says why),
    /// or the GOSUMDB setting is invalid.</summary>
    ChecksumDatabase,

    /// <summary>The content hashes differently than go.sum or the checksum database records (<see cref="ChecksumMismatchException"/>).</summary>
    ChecksumMismatch,

    /// <summary>go.sum records no hash to verify against (<see cref="Hashing.ChecksumMissingException"/>).</summary>
    ChecksumMissing,

    /// <summary>A module zip breaks the module zip rules or is not a valid zip (<see cref="Zip.ModuleZipException"/>).</summary>
    InvalidZip,

    /// <summary>The module cache holds a symbolic link where a file belongs (<see cref="ModuleCacheLinkException"/>).</summary>
    CacheSymbolicLink,

    /// <summary>A version query matched no version (<see cref="NoMatchingVersionException"/>).</summary>
    NoMatchingVersion,
}
