using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>godebug key=value</c> directive (added in Go 1.23; not known to Go 1.19).</summary>
public sealed class GoModGodebug
{
    internal GoModGodebug(string key, string value, int line)
    {
        Key = key;
        Value = value;
        Line = line;
    }

    /// <summary>Gets the setting name, the text before the first <c>=</c>.</summary>
    /// <value>The key.</value>
    public string Key { get; }

    /// <summary>Gets the setting value, the text after the first <c>=</c>.</summary>
    /// <value>The value.</value>
    public string Value { get; internal set; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns <c>key=value</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Key + "=" + Value;
}
