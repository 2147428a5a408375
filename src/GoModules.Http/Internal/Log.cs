using System;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Internal;

/// <summary>
/// Log messages of GoModules.Http. Event ids 1xxx belong to fetching and are stable. URLs are always
/// redacted and credentials are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "GET {Url}")]
    public static partial void RequestStarting(ILogger logger, string url);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "GET {Url}: {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void ResponseReceived(ILogger logger, string url, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "GET {Url} failed ({Failure}): {Reason}")]
    public static partial void RequestFailed(ILogger logger, string url, GoModules.ModuleFetchFailure failure, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Retrying GET {Url} in {DelayMilliseconds} ms after {Failure} (retry {Retry} of {MaxRetries})")]
    public static partial void Retrying(ILogger logger, string url, long delayMilliseconds, GoModules.ModuleFetchFailure failure, int retry, int maxRetries);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Redirect from {From} to {To}")]
    public static partial void Redirected(ILogger logger, string from, string to);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Credentials for {Url} not attached: the URL is not https or names another host")]
    public static partial void CredentialsWithheld(ILogger logger, string url);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "GOAUTH method '{Method}' failed: {Reason}")]
    public static partial void AuthMethodFailed(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Could not read the netrc file {Path}: {Reason}")]
    public static partial void NetrcUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Sending GET {Url} once more after a {StatusCode} answer, with the credentials GOAUTH gives for it now")]
    public static partial void RetryingWithCredentials(ILogger logger, string url, int statusCode);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Resuming GET {Url} at byte {Offset} of {Length} after {Failure} (restart {Restart} of {MaxRestarts})")]
    public static partial void ResumingDownload(ILogger logger, string url, long offset, long length, GoModules.ModuleFetchFailure failure, int restart, int maxRestarts);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "GET {Url} changed on the server while resuming: starting again from byte 0 (restart {Restart} of {MaxRestarts})")]
    public static partial void RestartingDownload(ILogger logger, string url, int restart, int maxRestarts);

    public static long Milliseconds(TimeSpan t) => (long)t.TotalMilliseconds;
}
