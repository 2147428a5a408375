using System.Text;

namespace GoModules.TestUtilities.Servers;

/// <summary>What a scripted server does with one request.</summary>
public sealed class ServerBehavior
{
    public int Status { get; init; } = 404;

    public byte[] Body { get; init; } = Encoding.UTF8.GetBytes("not found\n");

    public string? ContentType { get; init; }

    public string? Location { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Seconds to wait before answering (already scaled).</summary>
    public double DelaySeconds { get; init; }

    /// <summary>null, "reset", "close", "hang", "truncate" or "stall" (test-only: part of the body, then silence).</summary>
    public string? Action { get; init; }

    /// <summary>For "hang": seconds to stay silent before closing (already scaled).</summary>
    public double HangSeconds { get; init; }

    /// <summary>For "truncate": the Content-Length announced.</summary>
    public long DeclaredLength { get; init; }

    public static ServerBehavior Text(int status, string body, string? contentType = null) =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(body), ContentType = contentType };
}
