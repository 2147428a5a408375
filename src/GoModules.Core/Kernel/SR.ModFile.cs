namespace GoModules.Kernel;

/// <summary>Message texts of the go.mod parser, in the go command's words.</summary>
internal static partial class SR
{
    public const string ModNoBlockComments = "mod files must use // comments (not /* */ comments)";

    /// <summary>{0} = the character quoted as a Go rune literal.</summary>
    public const string ModUnexpectedCharacter = "unexpected input character {0}";

    public const string ModEofInString = "unexpected EOF in string";

    public const string ModNewlineInString = "unexpected newline in string";

    /// <summary>{0} = file name, {1} = line, {2} = column of the block start.</summary>
    public const string ModUnterminatedBlock = "syntax error (unterminated block started at {0}:{1}:{2})";

    public const string ModNewlineAfterParen = "syntax error (expected newline after closing paren)";

    /// <summary>{0} = the block's tokens.</summary>
    public const string ModUnknownBlock = "unknown block type: {0}";

    /// <summary>{0} = the verb.</summary>
    public const string ModUnknownDirective = "unknown directive: {0}";

    public const string ModRepeatedGo = "repeated go statement";

    public const string ModGoArgs = "go directive expects exactly one argument";

    /// <summary>{0} = the version text.</summary>
    public const string ModInvalidGoVersion = "invalid go version '{0}': must match format 1.23.0";

    public const string ModRepeatedToolchain = "repeated toolchain statement";

    public const string ModToolchainArgs = "toolchain directive expects exactly one argument";

    /// <summary>{0} = the toolchain name.</summary>
    public const string ModInvalidToolchain = "invalid toolchain version '{0}': must match format go1.23.0 or default";

    public const string ModRepeatedModule = "repeated module statement";

    public const string ModModuleUsage = "usage: module module/path";

    /// <summary>{0} = the reason.</summary>
    public const string ModInvalidQuotedString = "invalid quoted string: {0}";

    public const string ModUnquotedQuote = "unquoted string cannot contain quote";

    public const string ModInvalidSyntax = "invalid syntax";

    /// <summary>{0} = require or exclude.</summary>
    public const string ModRequireUsage = "usage: {0} module/path v1.2.3";

    public const string ModInvalidModulePath = "invalid module path";

    /// <summary>{0} = quoted version, {1} = reason.</summary>
    public const string ModInvalidVersion = "version {0} invalid: {1}";

    public const string ModVersionForm = "must be of the form v1.2.3";

    public const string ModReplaceUsage =
        "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory";

    public const string ModReplaceAtVersion = "replacement module must match format 'path version', not 'path@version'";

    public const string ModReplaceNeedsDirectory =
        "replacement module without version must be directory path (rooted or starting with . or ..)";

    public const string ModReplaceWindowsPath = "replacement directory appears to be Windows path (on a non-windows system)";

    /// <summary>{0} = quoted directory path.</summary>
    public const string ModReplaceDirectoryVersion = "replacement module directory path {0} cannot have version";

    public const string ModRetractExpectedOpen = "expected '[' or version";

    public const string ModRetractVersionAfterOpen = "expected version after '['";

    public const string ModRetractExpectedComma = "expected ',' after version";

    public const string ModRetractVersionAfterComma = "expected version after ','";

    public const string ModRetractExpectedClose = "expected ']' after version";

    /// <summary>{0} = quoted token.</summary>
    public const string ModRetractTrailing = "unexpected token after version: {0}";

    public const string ModGodebugUsage = "usage: godebug key=value";

    public const string ModToolArgs = "tool directive expects exactly one argument";

    public const string ModIgnoreArgs = "ignore directive expects exactly one argument";
}
