namespace GoModules.Fetching;

/// <summary>Creates the transport for one GOPROXY URL entry.</summary>
public interface IModuleProxyTransportFactory
{
    /// <summary>Creates (or returns a shared) transport for a proxy base URL.</summary>
    /// <param name="proxyUrl">The entry's URL as parsed from GOPROXY (<c>https://</c>, <c>http://</c> or <c>file://</c>), possibly with user information.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="System.NotSupportedException">The factory does not handle the URL's scheme.</exception>
    IModuleProxyTransport Create(string proxyUrl);
}
