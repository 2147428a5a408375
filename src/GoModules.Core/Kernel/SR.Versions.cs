namespace GoModules.Kernel;

/// <summary>Message texts (Go's wording where users search for it).</summary>
internal static partial class SR
{
    /// <summary>Reason when the text is not a pseudo-version.</summary>
    public const string PseudoSyntaxError = "syntax error";

    /// <summary>{0} = quoted timestamp.</summary>
    public const string PseudoMalformedTime = "malformed time {0}";

    /// <summary>{0} = quoted timestamp.</summary>
    public const string PseudoTimeOutOfRange = "time {0} is before 0001-01-01T00:00:00Z, which DateTimeOffset cannot represent";

    /// <summary>{0} = quoted build metadata.</summary>
    public const string PseudoBuildWithoutBase = "lacks base version, but has build metadata {0}";

    /// <summary>{0} = the base version with patch 0.</summary>
    public const string PseudoNegativePatch = "version before {0} would have negative patch number";

    /// <summary>{0} = quoted text given as a semantic version.</summary>
    public const string InvalidSemanticVersion = "invalid semantic version {0}: not a semantic version";
}
