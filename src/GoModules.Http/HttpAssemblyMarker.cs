namespace GoModules.Http;

/// <summary>Identifies the GoModules.Http assembly; the HTTP transport arrives with the fetcher work.</summary>
internal static class HttpAssemblyMarker
{
}
