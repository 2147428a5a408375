using System;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace GoModules.Http;

/// <summary>
/// Settings of the resilience preset that <see cref="GoModulesResilienceExtensions.AddGoModulesResilience"/> adds to the
/// GoModules HTTP client. The defaults send exactly the requests the go command sends: no retries until
/// <see cref="MaxRetryAttempts"/> is set.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The TimeSpan [Range] rules are checked by the source-generated validator, which uses its own copy of the attribute.")]
public sealed class GoModulesResilienceOptions
{
    /// <summary>
    /// Gets or sets how many times a GET or HEAD request is retried after a 5xx or 429 answer or a connection failure.
    /// Other methods and other answers are never retried.
    /// </summary>
    /// <value>The default value is 0 (no retries, as the go command).</value>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; }

    /// <summary>Gets or sets the first retry delay; later delays grow exponentially, with jitter, up to <see cref="MaxDelay"/>.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest computed delay between two attempts.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets whether the computed delays are randomized so that many clients do not retry in step.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest <c>Retry-After</c> honoured. A server's <c>Retry-After</c> replaces the computed delay;
    /// an answer asking for a longer wait is not retried (its error is reported at once, so the GOPROXY walk goes on).
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
