using Microsoft.Extensions.Logging;

namespace GoModules.Http.Tests.Infrastructure;

/// <summary>A logger factory over <see cref="CapturingLoggerProvider"/>.</summary>
public sealed class CapturingLoggerFactory(CapturingLoggerProvider provider) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
