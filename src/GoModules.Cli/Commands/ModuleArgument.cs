namespace GoModules.Cli.Commands;

/// <summary>Parses the <c>path@version</c> argument of the zip commands.</summary>
internal static class ModuleArgument
{
    /// <summary>Splits <c>path@version</c> at its last <c>@</c>.</summary>
    /// <exception cref="UsageException">There is no <c>@</c>, or the path or version is empty.</exception>
    public static (string Path, string Version) Parse(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            throw new UsageException($"expected path@version, not \"{text}\"");
        }

        return (text[..at], text[(at + 1)..]);
    }
}
