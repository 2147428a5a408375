using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using GoModules.Http.Internal.Validators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace GoModules.Http;

/// <summary>Adds a resilience preset (Microsoft.Extensions.Http.Resilience) with Go-compatible defaults to a GoModules setup.</summary>
public static class GoModulesResilienceExtensions
{
    /// <summary>
    /// Adds a retry handler to the setup's HTTP client, in place of the built-in retry loop
    /// (<see cref="GoModulesHttpOptions.MaxRetries"/> is treated as 0 for this setup so that attempts do not multiply).
    /// By default nothing is retried, as by the go command; with <see cref="GoModulesResilienceOptions.MaxRetryAttempts"/>
    /// set, GET and HEAD requests answered 5xx or 429, or failing to connect, are retried with exponential, jittered
    /// delays, a <c>Retry-After</c> up to <see cref="GoModulesResilienceOptions.MaxRetryAfter"/> honoured.
    /// </summary>
    /// <remarks>
    /// The handler sees a request up to its response headers; a body that breaks off later is resumed
    /// (<see cref="GoModulesHttpOptions.ResumeDownloads"/>) rather than retried. The options are the
    /// <see cref="GoModulesResilienceOptions"/> of the setup's name, validated at start, and may be bound from configuration.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the preset, or <see langword="null"/> for the defaults (no retries).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder AddGoModulesResilience(this IGoModulesBuilder builder, Action<GoModulesResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var options = builder.Services.AddOptions<GoModulesResilienceOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GoModulesResilienceOptions>, GoModulesResilienceOptionsValidator>());
        builder.Services.PostConfigure<GoModulesHttpOptions>(name, o => o.MaxRetries = 0);
        builder.HttpClient.AddResilienceHandler("GoModules", (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptionsMonitor<GoModulesResilienceOptions>>().Get(name);
            var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            if (o.MaxRetryAttempts == 0)
            {
                return;
            }

            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = o.UseJitter,
                Delay = o.BaseDelay,
                MaxDelay = o.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), o.MaxRetryAfter, time)),
            });
        });
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (request is null || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head))
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            // A connection that failed before any answer; cancellations and timeouts are not retried.
            return outcome.Exception is HttpRequestException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
        {
            return false;
        }

        return RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
