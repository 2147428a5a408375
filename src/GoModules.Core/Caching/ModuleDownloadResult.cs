using System.Text;
using GoModules.Kernel;

namespace GoModules.Caching;

/// <summary>
/// The outcome of downloading one module version into the cache, with the fields of
/// <c>go mod download -json</c>.
/// </summary>
public sealed class ModuleDownloadResult
{
    /// <summary>
    /// Initializes a record that did not come from a download, with the fields an embedder reports for an argument it
    /// resolves or refuses itself (for example a <c>go@query</c> argument, which the go command resolves and then
    /// refuses to download). Downloads make their records through <see cref="ModuleCache"/>.
    /// </summary>
    /// <param name="path">The module path as given.</param>
    /// <param name="version">The version, or the empty string.</param>
    /// <param name="query">The query the version was resolved from, or the empty string.</param>
    /// <param name="error">The error to report, or the empty string.</param>
    /// <exception cref="System.ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ModuleDownloadResult(string path, string version, string query, string error)
    {
        System.ArgumentNullException.ThrowIfNull(path);
        System.ArgumentNullException.ThrowIfNull(version);
        System.ArgumentNullException.ThrowIfNull(query);
        System.ArgumentNullException.ThrowIfNull(error);
        Path = path;
        Version = version;
        Query = query;
        Error = error;
    }

    internal ModuleDownloadResult(string path, string version)
    {
        Path = path;
        Version = version;
    }

    /// <summary>A record of a failure before any download started (a query that matched nothing, say).</summary>
    internal static ModuleDownloadResult FromFailure(string path, string version, string query, System.Exception exception)
        => new(path, version) { Query = query, Error = exception.Message, Exception = exception };

    /// <summary>Gets the module path.</summary>
    /// <value>The path.</value>
    public string Path { get; }

    /// <summary>Gets the module version.</summary>
    /// <value>The version (the resolved one when a query was given).</value>
    public string Version { get; internal set; }

    /// <summary>Gets the version query the version was resolved from, such as <c>latest</c>.</summary>
    /// <value>The query, or the empty string when an exact version was asked for.</value>
    public string Query { get; internal set; } = string.Empty;

    /// <summary>Gets the error that stopped the download.</summary>
    /// <value>The message, or the empty string on success.</value>
    public string Error { get; internal set; } = string.Empty;

    /// <summary>Gets the exception that stopped the download.</summary>
    /// <value>The exception, or <see langword="null"/> on success.</value>
    public System.Exception? Exception { get; internal set; }

    /// <summary>Gets the absolute path of the cached <c>.info</c> file.</summary>
    /// <value>The path, or the empty string when not reached.</value>
    public string Info { get; internal set; } = string.Empty;

    /// <summary>Gets the absolute path of the cached <c>.mod</c> file.</summary>
    /// <value>The path, or the empty string when not reached.</value>
    public string GoMod { get; internal set; } = string.Empty;

    /// <summary>Gets the absolute path of the cached <c>.zip</c> file.</summary>
    /// <value>The path, or the empty string when not reached.</value>
    public string Zip { get; internal set; } = string.Empty;

    /// <summary>Gets the absolute path of the extracted module directory.</summary>
    /// <value>The path, or the empty string when not reached.</value>
    public string Dir { get; internal set; } = string.Empty;

    /// <summary>Gets the module's go.sum hash (<c>h1:</c> of the zip).</summary>
    /// <value>The hash, or the empty string when not reached.</value>
    public string Sum { get; internal set; } = string.Empty;

    /// <summary>Gets the go.sum hash of the module's go.mod file.</summary>
    /// <value>The hash, or the empty string when not reached.</value>
    public string GoModSum { get; internal set; } = string.Empty;

    /// <summary>Gets a value indicating whether the download succeeded.</summary>
    /// <value><see langword="true"/> when <see cref="Error"/> is empty.</value>
    public bool Succeeded => Error.Length == 0;

    /// <summary>
    /// Formats the result as <c>go mod download -json</c> prints it: an indented object (tab indentation) with
    /// the non-empty fields in Go's order, HTML-safe string escaping, and no trailing newline.
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var sb = new StringBuilder(256).Append('{');
        var first = true;
        void Field(string name, string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            sb.Append(first ? "\n\t\"" : ",\n\t\"").Append(name).Append("\": ");
            GoJson.AppendString(sb, value);
            first = false;
        }

        Field("Path", Path);
        Field("Version", Version);
        Field("Query", Query);
        Field("Error", Error);
        Field("Info", Info);
        Field("GoMod", GoMod);
        Field("Zip", Zip);
        Field("Dir", Dir);
        Field("Sum", Sum);
        Field("GoModSum", GoModSum);
        return sb.Append(first ? "}" : "\n}").ToString();
    }

    /// <summary>Returns <c>path@version</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Version.Length == 0 ? Path : Path + "@" + Version;
}
