namespace GoModules.Http.Tests.Conformance;

/// <summary>The zip failed the checks the go command applies after downloading it.</summary>
public sealed class ZipRejectedException : Exception
{
    public ZipRejectedException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
