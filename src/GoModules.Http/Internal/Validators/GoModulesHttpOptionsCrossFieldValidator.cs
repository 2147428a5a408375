using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Internal.Validators;

/// <summary>Rules that span fields or need parsing: the HTTP version, the pool's timeouts and the User-Agent.</summary>
internal sealed class GoModulesHttpOptionsCrossFieldValidator : IValidateOptions<GoModulesHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, GoModulesHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var v = options.HttpVersion;
        if (v is not null && !(v == System.Net.HttpVersion.Version10 || v == System.Net.HttpVersion.Version11 || v == System.Net.HttpVersion.Version20 || v == System.Net.HttpVersion.Version30))
        {
            failures.Add(SR.Format(SR.OptionHttpVersion, v));
        }

        if (options.UserAgent is { Length: > 0 } ua && ua.TrimStart().StartsWith("GoCommand/", StringComparison.OrdinalIgnoreCase))
        {
            // GoModules is not the go command; proxies that count or treat go clients apart must be able to tell.
            failures.Add(SR.OptionUserAgent);
        }

        if (options.PooledConnectionIdleTimeout > options.PooledConnectionLifetime)
        {
            failures.Add(SR.OptionIdleTimeout);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
