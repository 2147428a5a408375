using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>retract</c> directive: a single version or a closed interval <c>[low, high]</c>.</summary>
/// <remarks>
/// As in <c>modfile.Parse</c> without a version fixer, the bounds are taken as written (unquoted) and are not
/// checked or canonicalized.
/// </remarks>
public sealed class GoModRetract
{
    internal GoModRetract(string low, string high, string rationale, int line)
    {
        Low = low;
        High = high;
        Rationale = rationale;
        Line = line;
    }

    /// <summary>Gets the lowest retracted version.</summary>
    /// <value>The version; equal to <see cref="High"/> for a single version.</value>
    public string Low { get; }

    /// <summary>Gets the highest retracted version.</summary>
    /// <value>The version.</value>
    public string High { get; }

    /// <summary>Gets the rationale: the text of the comments on the directive (or on its block), one line each.</summary>
    /// <value>The text, possibly empty.</value>
    public string Rationale { get; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns <c>version</c> or <c>[low, high]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Low == High ? Low : "[" + Low + ", " + High + "]";
}
