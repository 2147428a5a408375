namespace GoModules.Http.Tests.Conformance;

/// <summary>What the library operation ended with.</summary>
public sealed record ScenarioOutcome(bool Succeeded, string? Version, IReadOnlyList<string>? Versions, Exception? Error)
{
    public static ScenarioOutcome Success(string? version, IReadOnlyList<string>? versions) => new(true, version, versions, null);

    public static ScenarioOutcome Failure(Exception error) => new(false, null, null, error);
}
