namespace GoModules.Tests.Graph;

/// <summary>
/// Differential tests of the module graph against the newest go command over random graphs (see
/// <see cref="RandomGraphGenerator"/>): a fixed set of seeds by default, and <c>GOMODULES_GRAPH_SEEDS=N</c> seeds
/// (1..N) in <see cref="ManySeedsAgreeWithGo"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class GraphDifferentialTests
{
    public const string SeedsVariable = "GOMODULES_GRAPH_SEEDS";

    private static readonly int[] DefaultSeeds = [1, 2, 3, 4, 5, 6, 7, 8];

    [TestCaseSource(nameof(DefaultSeeds))]
    [CancelAfter(120_000)]
    public async Task SeedAgreesWithGo(int seed, CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var outcome = await GraphComparison.RunAsync(seed, mainModules: 2, cancellationToken);
        TestContext.Out.WriteLine($"seed {seed}: {outcome.Agreed}/{outcome.Commands} commands agree");
        Assert.That(outcome.Differences, Is.Empty, string.Join("\n\n", outcome.Differences));
    }

    [Test]
    [CancelAfter(3_600_000)]
    public async Task ManySeedsAgreeWithGo(CancellationToken cancellationToken)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(SeedsVariable), out var count) || count <= 0)
        {
            Assert.Ignore($"set {SeedsVariable}=N to compare N random graphs with the go command");
        }

        GoCommand.Require();
        int graphs = 0, graphsAgreed = 0, commands = 0, agreed = 0;
        var differences = new List<string>();
        for (var seed = 1; seed <= count; seed++)
        {
            var outcome = await GraphComparison.RunAsync(seed, mainModules: 3, cancellationToken);
            graphs++;
            commands += outcome.Commands;
            agreed += outcome.Agreed;
            graphsAgreed += outcome.Differences.Count == 0 ? 1 : 0;
            differences.AddRange(outcome.Differences);
        }

        TestContext.Out.WriteLine($"graphs: {graphsAgreed}/{graphs} agree; commands: {agreed}/{commands} agree");
        foreach (var d in differences.Take(20))
        {
            TestContext.Out.WriteLine(d);
        }

        Assert.That(differences, Is.Empty, $"{differences.Count} commands disagree; first:\n{differences.FirstOrDefault()}");
    }
}
