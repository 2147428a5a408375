namespace GoModules.Http.Internal;

/// <summary>One usable <c>machine</c> entry of a .netrc file.</summary>
internal readonly record struct NetrcEntry(string Machine, string Login, string Password);
