using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Http;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod sumdb lookup path@version</c>: prints the go.sum lines the checksum database proves for a module version.</summary>
internal sealed class SumDbCommand : ICommand
{
    private const string GoSumDbOption = "-gosumdb";

    public string Name => "sumdb";

    public string Summary => "look up go.sum lines in the checksum database";

    public string Usage =>
        "usage: gomod sumdb lookup [-proxy list] [-gosumdb setting] <path@version>\n\n" +
        "Asks the checksum database (GOSUMDB, default sum.golang.org) for the go.sum lines of\n" +
        "path@version and prints them once they are proven: the signed tree head must carry the\n" +
        "database's signature and extend the tree seen before, and the record must be in it. The\n" +
        "latest tree head is kept in $GOPATH/pkg/sumdb and verified tiles and lookups under\n" +
        "GOMODCACHE/cache/download/sumdb, where the go command keeps them. Without a URL in GOSUMDB\n" +
        "the database is found through the GOPROXY entries (<proxy>/sumdb/<name>/supported), as the\n" +
        "go command finds it. -gosumdb replaces GOSUMDB. A database caught misbehaving is reported\n" +
        "as a SECURITY ERROR and nothing it sent is kept.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption, GoSumDbOption], []);
        if (reader.Positional.Count != 2 || reader.Positional[0] != "lookup")
        {
            throw new UsageException("expected 'lookup' and one path@version");
        }

        var (path, version) = FetchCommandSupport.ParsePathVersion(reader.Positional[1]);
        if (!SemVer.IsValid(version) || SemVer.CanonicalModuleVersion(version) != version)
        {
            throw new UsageException($"version \"{version}\" is not canonical; use 'gomod latest {path}@{version}' to resolve it");
        }

        var gosumdb = reader.Value(GoSumDbOption);
        var services = new ServiceCollection();
        services.AddGoModules().Configure(o =>
        {
            if (reader.Value(FetchCommandSupport.ProxyOption) is { } proxy)
            {
                o.GoProxy = proxy;
            }

            if (gosumdb is not null)
            {
                o.GoSumDb = gosumdb;
            }
        }).UseChecksumDatabase();
        using var provider = services.BuildServiceProvider();
        ChecksumDatabaseClient client;
        try
        {
            client = provider.GetRequiredService<ModuleChecksumVerifier>().GetDatabaseClient();
        }
        catch (InvalidOperationException ex)
        {
            await context.Error.WriteLineAsync("gomod sumdb: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var lines = new List<string>(await client.LookupAsync(path.Value, version, cancellationToken).ConfigureAwait(false));
        lines.AddRange(await client.LookupAsync(path.Value, version + "/go.mod", cancellationToken).ConfigureAwait(false));
        if (lines.Count == 0)
        {
            await context.Error.WriteLineAsync($"gomod sumdb: {path}@{version}: the database record has no lines for this version").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        foreach (var line in lines)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
