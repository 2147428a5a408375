using BenchmarkDotNet.Running;

namespace GoModules.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "download-generate")
        {
            return DownloadSet.Run(args);
        }

        if (args.Length > 0 && args[0] is "compare" or "generate")
        {
            return CompareMode.Run(args);
        }

        if (args.Length > 0 && args[0] == "generate-graph")
        {
            return GraphMode.Run(args);
        }

        if (args.Length > 0 && args[0] == "levels")
        {
            return LevelsMode.Run(args);
        }

        if (args.Length > 0 && args[0] == "fetch")
        {
            return FetchMode.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
