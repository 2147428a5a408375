using System;
using System.Globalization;
using GoModules.Http;

namespace GoModules.Cli.Commands;

/// <summary>
/// gomod's HTTP timeouts from the environment (the library's defaults otherwise):
/// <c>GOMODULES_HTTP_HEADERS_TIMEOUT</c>, <c>GOMODULES_HTTP_BODY_TIMEOUT</c> and <c>GOMODULES_HTTP_REQUEST_TIMEOUT</c>,
/// each a duration such as <c>500ms</c>, <c>30s</c>, <c>2m</c> or <c>1h</c>.
/// </summary>
internal static class HttpTimeoutSettings
{
    public static void Apply(GoModulesHttpOptions options)
    {
        if (Read("GOMODULES_HTTP_HEADERS_TIMEOUT") is { } headers)
        {
            options.ResponseHeadersTimeout = headers;
        }

        if (Read("GOMODULES_HTTP_BODY_TIMEOUT") is { } body)
        {
            options.BodyReadTimeout = body;
        }

        if (Read("GOMODULES_HTTP_REQUEST_TIMEOUT") is { } request)
        {
            options.RequestTimeout = request;
        }
    }

    private static TimeSpan? Read(string name)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TryParse(text, out var value) ? value : throw new UsageException($"invalid {name} \"{text}\": want a duration such as 500ms, 30s, 2m or 1h");
    }

    internal static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        if (!double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return false;
        }

        double? ms = text[unitStart..] switch
        {
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            _ => null,
        };
        if (ms is not { } m || m > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(m);
        return true;
    }
}
