using System;
using System.Globalization;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Hashing;

/// <summary>
/// The exception that reports a go.sum line that does not have exactly three fields, with Go 1.22's
/// message: <c>malformed go.sum:\n&lt;file&gt;:&lt;line&gt;: wrong number of fields &lt;n&gt;</c>.
/// </summary>
public sealed class GoSumFormatException : FormatException
{
    private static readonly CompositeFormat MessageFormat = CompositeFormat.Parse(SR.GoSumWrongFieldCount);

    /// <summary>Initializes a new instance for a malformed line.</summary>
    /// <param name="fileName">The file name used in the message, such as <c>go.sum</c>.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="fieldCount">How many fields the line has.</param>
    /// <param name="line">The text of the line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> or <paramref name="line"/> is <see langword="null"/>.</exception>
    public GoSumFormatException(string fileName, int lineNumber, int fieldCount, string line)
        : base(string.Format(CultureInfo.InvariantCulture, MessageFormat, fileName ?? throw new ArgumentNullException(nameof(fileName)), lineNumber, fieldCount))
    {
        ArgumentNullException.ThrowIfNull(line);
        FileName = fileName;
        LineNumber = lineNumber;
        FieldCount = fieldCount;
        Line = line;
    }

    /// <summary>Gets the file name used in the message.</summary>
    public string FileName { get; }

    /// <summary>Gets the 1-based number of the malformed line.</summary>
    public int LineNumber { get; }

    /// <summary>Gets the number of fields found on the line.</summary>
    public int FieldCount { get; }

    /// <summary>Gets the text of the malformed line.</summary>
    public string Line { get; }
}
