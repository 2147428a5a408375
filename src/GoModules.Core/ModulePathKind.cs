namespace GoModules;

/// <summary>
/// The three kinds of slash-separated path that Go checks, from the strictest to the most permissive.
/// </summary>
/// <remarks>
/// All three share one algorithm (see <see cref="ModulePath.CheckPath(string)"/>) and differ in the characters
/// they allow and in a few extra rules. See https://go.dev/ref/mod#go-mod-file-ident.
/// </remarks>
public enum ModulePathKind
{
    /// <summary>
    /// A module path such as <c>github.com/aws/aws-sdk-go-v2</c>: ASCII letters, digits and <c>-._~</c>, a
    /// lower-case first element containing a dot, no element starting with a dot and a well-formed
    /// major-version suffix.
    /// </summary>
    Module,

    /// <summary>
    /// An import (package) path: the module character set plus <c>+</c>; elements may start with a dot.
    /// </summary>
    Import,

    /// <summary>
    /// A slash-separated file path inside a module: more ASCII punctuation, the space character and any
    /// Unicode letter are allowed; Windows short-name look-alikes are not checked.
    /// </summary>
    File,
}
