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
            failures.Add("GoModulesHttpOptions.HttpVersion must be 1.0, 1.1, 2.0 or 3.0; it is " + v + ".");
        }

        if (options.UserAgent is { Length: > 0 } ua && ua.TrimStart().StartsWith("GoCommand/", StringComparison.OrdinalIgnoreCase))
        {
            // GoModules is not the go command; proxies that count or treat go clients apart must be able to tell.
            failures.Add("GoModulesHttpOptions.UserAgent must not claim to be the go command (GoCommand/...).");
        }

        if (options.PooledConnectionIdleTimeout > options.PooledConnectionLifetime)
        {
            failures.Add("GoModulesHttpOptions.PooledConnectionIdleTimeout must not exceed PooledConnectionLifetime.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
