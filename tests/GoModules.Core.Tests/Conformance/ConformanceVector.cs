using System.Text.Json;

namespace GoModules.Tests.Conformance;

/// <summary>One line of a conformance JSON Lines file: an operation, its input and Go's answer.</summary>
public sealed class ConformanceVector
{
    public required string File { get; init; }

    public required int Line { get; init; }

    public required string Id { get; init; }

    public required string Op { get; init; }

    public required string Source { get; init; }

    public required JsonElement Input { get; init; }

    public required JsonElement Expect { get; init; }

    public override string ToString() => $"{File}:{Line} {Id} ({Op})";
}
