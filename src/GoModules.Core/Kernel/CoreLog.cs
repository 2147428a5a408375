using System;
using Microsoft.Extensions.Logging;

namespace GoModules.Kernel;

/// <summary>
/// The source-generated log messages of GoModules.Core. Event ids are stable and documented in
/// src/GoModules.Core/README.md (Logging): 2001-2099 GOPROXY walk, 2101-2199 file locks, 2201-2299 extraction,
/// 2301-2399 checksum decisions. GoModules.Http uses 1001-1099.
/// </summary>
internal static partial class CoreLog
{
    /// <summary>The logger of one component (its category is the component's full type name), or the null logger.</summary>
    public static ILogger For<T>(ILoggerFactory? factory) => factory is null ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : factory.CreateLogger<T>();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "{Module}: {Operation} answered by GOPROXY entry {Entry} ({Source})")]
    public static partial void EntryAnswered(ILogger logger, string module, string operation, int entry, string source);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Module}: {Operation} failed at GOPROXY entry {Entry} ({Source}): {Reason}; falling back to entry {Next} ({FallbackRule})")]
    public static partial void FallingBack(ILogger logger, string module, string operation, int entry, string source, string reason, int next, string fallbackRule);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "{Module}: {Operation} failed at GOPROXY entry {Entry} ({Source}): {Reason}; not falling back ({FallbackRule})")]
    public static partial void NotFallingBack(ILogger logger, string module, string operation, int entry, string source, string reason, string fallbackRule);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "{Module}: {Operation} answered from the metadata cache ({Policy})")]
    public static partial void MetadataCacheHit(ILogger logger, string module, string operation, string policy);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Waiting for the lock on {Path}, held by another process or caller")]
    public static partial void LockWaiting(ILogger logger, string path);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Acquired the lock on {Path} after waiting {ElapsedMilliseconds} ms")]
    public static partial void LockAcquired(ILogger logger, string path, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "{Module}: extracted into {Directory}")]
    public static partial void Extracted(ILogger logger, string module, string directory);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "{Module}: {Kind} hash {Hash} accepted: go.sum lists it")]
    public static partial void GoSumListed(ILogger logger, string module, string kind, string hash);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "{Module}: {Kind} hash {Hash} rejected: go.sum lists {Expected} (SECURITY ERROR)")]
    public static partial void GoSumMismatch(ILogger logger, string module, string kind, string hash, string expected);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "{Module}: {Kind} hash {Hash} not checked with a checksum database: {Reason}")]
    public static partial void ChecksumDatabaseSkipped(ILogger logger, string module, string kind, string hash, string reason);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Debug, Message = "{Module}: {Kind} hash {Hash} verified by the checksum database {Database}")]
    public static partial void ChecksumDatabaseVerified(ILogger logger, string module, string kind, string hash, string database);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Error, Message = "{Module}: {Kind} hash {Hash} rejected: the checksum database {Database} records {Expected} (SECURITY ERROR)")]
    public static partial void ChecksumDatabaseMismatch(ILogger logger, string module, string kind, string hash, string database, string expected);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Warning, Message = "{Module}: {Kind} hash {Hash} could not be checked with the checksum database: {Reason}")]
    public static partial void ChecksumDatabaseFailed(ILogger logger, string module, string kind, string hash, string reason, Exception exception);
}
