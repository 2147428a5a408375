using System;
using System.Collections.Generic;
using GoModules.Fetching;
using GoModules.SumDb;
using GoModules.Toolchains;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Internal.Validators;

/// <summary>The rules of <see cref="GoModulesOptions"/>: each Go setting that is set must be one the go command accepts.</summary>
internal sealed class GoModulesOptionsValidator : IValidateOptions<GoModulesOptions>
{
    public ValidateOptionsResult Validate(string? name, GoModulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.GoProxy is { Length: > 0 } proxy)
        {
            var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = proxy, ["GONOPROXY"] = options.GoNoProxy, ["GOPRIVATE"] = options.GoPrivate });
            if (!ProxyChain.TryFromEnvironment(env, out _, out var error))
            {
                failures.Add(SR.Format(SR.OptionGoProxy, error.Message));
            }
        }

        if (options.GoAuth is not null)
        {
            HttpCredentials.ParseGoAuth(options.GoAuth, out var error);
            if (error is not null)
            {
                failures.Add(SR.Format(SR.OptionGoAuth, error));
            }
        }

        if (options.GoSumDb is { Length: > 0 } sumDb && !ChecksumDatabaseSetting.TryParse(sumDb, out _))
        {
            failures.Add(SR.Format(SR.OptionGoSumDb, sumDb));
        }

        if (options.GoFlags is { Length: > 0 } flags
            && GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOFLAGS"] = flags }).GoFlagsError is { } flagsError)
        {
            failures.Add(SR.Format(SR.OptionGoFlags, flagsError));
        }

        if (options.GoToolchain is { Length: > 0 } toolchain)
        {
            try
            {
                GoToolchainSetting.Parse(toolchain);
            }
            catch (InvalidGoToolchainException ex)
            {
                failures.Add(SR.Format(SR.OptionGoToolchain, ex.Message));
            }
        }

        if (options.GoModCache is { Length: > 0 } modCache && !System.IO.Path.IsPathFullyQualified(modCache))
        {
            failures.Add(SR.Format(SR.OptionGoModCache, modCache));
        }

        if (options.MetadataCache == MetadataCacheMode.MaxAge && options.MetadataCacheMaxAge <= TimeSpan.Zero)
        {
            failures.Add(SR.OptionMaxAge);
        }

        if (!Enum.IsDefined(options.MetadataCache))
        {
            failures.Add(SR.OptionMetadataCacheMode);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
