using System;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// Go's own text formatting, for hosts that print messages in the go command's words (the <c>%q</c> verb of its
/// error messages).
/// </summary>
public static class GoStrings
{
    /// <summary>
    /// Quotes <paramref name="text"/> as Go's <c>strconv.Quote</c> does (the <c>%q</c> verb): double quotes, Go's
    /// escapes (<c>\n</c>, <c>\t</c>, <c>\x1b</c>, <c>\u00a0</c>, ...) for every character Go's <c>strconv.IsPrint</c>
    /// rejects, printable characters of every script kept as they are. An unpaired surrogate (which Go's UTF-8 strings cannot
    /// hold) is written as <c>\udxxx</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The quoted text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GoQuote.Quote(text.AsSpan());
    }
}
