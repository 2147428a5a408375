using System.Diagnostics;

namespace GoModules.Http.Internal;

/// <summary>
/// The activities of GoModules' HTTP requests. The source has the name of Core's (<see cref="GoModulesDiagnostics.SourceName"/>),
/// so one listener sees the activities of both packages; Core keeps its own source internal.
/// </summary>
internal static class ProxyActivities
{
    private static readonly ActivitySource Source = new(GoModulesDiagnostics.SourceName);

    /// <summary>Whether any listener is attached.</summary>
    public static bool HasListeners() => Source.HasListeners();

    /// <summary>Starts an activity, or returns <see langword="null"/> when nobody listens.</summary>
    public static Activity? StartActivity(string name, ActivityKind kind) => Source.StartActivity(name, kind);
}
