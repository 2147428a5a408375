namespace GoModules.Cli.Commands;

/// <summary>Process exit codes shared by all commands.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
