using System.Globalization;

namespace GoModules.ModFile;

/// <summary>One problem found in a go.mod file, with the position and wording the go command reports.</summary>
public sealed class GoModError
{
    internal GoModError(string fileName, int line, int column, string verb, string modulePath, string reason)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Verb = verb;
        ModulePath = modulePath;
        Reason = reason;
    }

    /// <summary>Gets the file name given to the parser.</summary>
    /// <value>The name.</value>
    public string FileName { get; }

    /// <summary>Gets the 1-based line of the problem.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets the 1-based column (in runes) of the problem.</summary>
    /// <value>The column; 1 for most directive errors at the start of a top-level line.</value>
    public int Column { get; }

    /// <summary>Gets the directive concerned, when the message names one.</summary>
    /// <value>The verb such as <c>require</c>, or the empty string.</value>
    public string Verb { get; }

    /// <summary>Gets the module path concerned, when the message names one.</summary>
    /// <value>The path, or the empty string.</value>
    public string ModulePath { get; }

    /// <summary>Gets the reason without position or directive.</summary>
    /// <value>The reason, such as <c>unknown directive: foo</c>.</value>
    public string Reason { get; }

    /// <summary>
    /// Gets the full message as Go prints it: <c>file:line[:column]: [verb [path]: ]reason</c>; the column is
    /// shown only when it is greater than 1.
    /// </summary>
    /// <value>The message.</value>
    public string Message
    {
        get
        {
            var position = Column > 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: ", FileName, Line, Column)
                : Line > 0
                    ? string.Format(CultureInfo.InvariantCulture, "{0}:{1}: ", FileName, Line)
                    : FileName.Length > 0 ? FileName + ": " : string.Empty;
            var directive = ModulePath.Length > 0
                ? Verb + " " + ModulePath + ": "
                : Verb.Length > 0 ? Verb + ": " : string.Empty;
            return position + directive + Reason;
        }
    }

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The message.</returns>
    public override string ToString() => Message;
}
