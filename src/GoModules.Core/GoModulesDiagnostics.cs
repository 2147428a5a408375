using System.Diagnostics;

namespace GoModules;

/// <summary>
/// The names under which GoModules reports traces, for <c>AddSource</c>/<c>AddMeter</c> in
/// OpenTelemetry. Work for diagnostics is done only while a listener is attached.
/// </summary>
public static class GoModulesDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> (and meter) of GoModules.</summary>
    public const string SourceName = "GoModules";

    /// <summary>Gets the activity source shared by GoModules.Core and GoModules.Http.</summary>
    internal static ActivitySource ActivitySource { get; } = new(SourceName);
}
