namespace GoModules.Tests.Conformance;

/// <summary>
/// Marks a static method <c>void M(ConformanceVector v)</c> as the checker for one conformance op.
/// The method asserts that the library gives Go's answer for the vector.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ConformanceOpAttribute(string op) : Attribute
{
    public string Op { get; } = op;
}
