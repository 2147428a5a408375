using System;

namespace GoModules.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine($"gomod {args.Length}");
        return 0;
    }
}
