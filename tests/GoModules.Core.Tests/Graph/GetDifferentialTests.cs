namespace GoModules.Tests.Graph;

/// <summary>
/// <c>go get</c> with module arguments against the newest go command over random graphs (see <see cref="GetComparison"/>):
/// a fixed set of seeds by default, and <c>GOMODULES_GRAPH_SEEDS=N</c> seeds in <see cref="ManySeedsGetLikeGo"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class GetDifferentialTests
{
    private static readonly int[] DefaultSeeds = [1, 2, 3, 4, 5, 6];

    [TestCaseSource(nameof(DefaultSeeds))]
    [CancelAfter(120_000)]
    public async Task SeedGetsLikeGo(int seed, CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var outcome = await GetComparison.RunAsync(seed, mainModules: 2, commandsPerMain: 3, cancellationToken);
        TestContext.Out.WriteLine($"seed {seed}: {outcome.Agreed}/{outcome.Commands} get commands agree ({outcome.GoFailed} failed in go, {outcome.GoHung} not compared: go did not finish)");
        Assert.That(outcome.Differences, Is.Empty, string.Join("\n\n", outcome.Differences));
    }

    [Test]
    [CancelAfter(3_600_000)]
    public async Task ManySeedsGetLikeGo(CancellationToken cancellationToken)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(GraphDifferentialTests.SeedsVariable), out var count) || count <= 0)
        {
            Assert.Ignore($"set {GraphDifferentialTests.SeedsVariable}=N to compare go get over N random graphs with the go command");
        }

        GoCommand.Require();
        int graphsAgreed = 0, commands = 0, agreed = 0, goFailed = 0, goHung = 0;
        var differences = new List<string>();
        // GOMODULES_GRAPH_FIRST_SEED=S reruns seeds S..S+N-1 only (to reproduce one difference).
        var first = int.TryParse(Environment.GetEnvironmentVariable("GOMODULES_GRAPH_FIRST_SEED"), out var f) && f > 0 ? f : 1;
        for (var seed = first; seed < first + count; seed++)
        {
            var outcome = await GetComparison.RunAsync(seed, mainModules: 2, commandsPerMain: 4, cancellationToken);
            commands += outcome.Commands;
            agreed += outcome.Agreed;
            goFailed += outcome.GoFailed;
            goHung += outcome.GoHung;
            graphsAgreed += outcome.Differences.Count == 0 ? 1 : 0;
            differences.AddRange(outcome.Differences);
        }

        TestContext.Out.WriteLine($"graphs: {graphsAgreed}/{count} agree; get commands: {agreed}/{commands} agree ({goFailed} failed in go, {goHung} not compared: go did not finish)");
        foreach (var d in differences.Take(20))
        {
            TestContext.Out.WriteLine(d);
        }

        Assert.That(differences, Is.Empty, $"{differences.Count} commands disagree; first:\n{differences.FirstOrDefault()}");
    }
}
