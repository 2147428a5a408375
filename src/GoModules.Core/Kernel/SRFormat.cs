namespace GoModules.Kernel;

/// <summary>Formatting for the fetcher's messages.</summary>
internal static partial class SRFormat
{
    /// <summary>Formats a message with the invariant culture.</summary>
    public static string Format(string format, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
}
