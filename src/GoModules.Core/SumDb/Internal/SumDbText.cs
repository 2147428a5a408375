using System.Globalization;

namespace GoModules.SumDb.Internal;

/// <summary>Invariant formatting of the <see cref="GoModules.Kernel.SR"/> message texts.</summary>
internal static class SumDbText
{
    public static string Format(string format, object? arg0) => string.Format(CultureInfo.InvariantCulture, format, arg0);

    public static string Format(string format, object? arg0, object? arg1) => string.Format(CultureInfo.InvariantCulture, format, arg0, arg1);

    public static string Format(string format, object? arg0, object? arg1, object? arg2) => string.Format(CultureInfo.InvariantCulture, format, arg0, arg1, arg2);
}
