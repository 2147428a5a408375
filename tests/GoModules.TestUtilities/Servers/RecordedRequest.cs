namespace GoModules.TestUtilities.Servers;

/// <summary>One request as a scripted server received it.</summary>
public sealed record RecordedRequest(string Server, string Path, string RawPath, IReadOnlyDictionary<string, string> Headers, int Connection);
