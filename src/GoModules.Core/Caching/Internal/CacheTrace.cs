using System;

namespace GoModules.Caching.Internal;

/// <summary>
/// A diagnostic seam: when set, <see cref="ModuleCache"/> reports each step of its download protocol as it
/// completes (the crash-safety test kills a downloading process between these steps and checks the cache).
/// </summary>
internal static class CacheTrace
{
    /// <summary>Receives (step, module) after each protocol step; <see langword="null"/> (the default) costs nothing.</summary>
    public static Action<string, ModuleVersion>? Step { get; set; }

    public static void Report(string step, ModuleVersion module) => Step?.Invoke(step, module);
}
