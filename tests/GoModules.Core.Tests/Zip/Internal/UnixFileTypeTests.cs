using System.Diagnostics;
using System.Net.Sockets;
using GoModules.Zip.Internal;

namespace GoModules.Tests.Zip.Internal;

/// <summary>lstat's file type through statx and through the runtime's own lstat; no answer defaults to "regular".</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class UnixFileTypeTests
{
    private static readonly Func<string, UnixFileKind>[] Probes = [UnixFileType.GetWithStatx, UnixFileType.GetWithRuntimeLStat, UnixFileType.Get];

    [Test]
    [CancelAfter(30_000)]
    public async Task EachKindIsToldApart()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("statx is Linux's; FIFOs and sockets need POSIX");
        }

        using var temp = new TempDirectory();
        var dir = temp.Path;
        var file = Path.Combine(dir, "file");
        File.WriteAllText(file, "x");
        var sub = Directory.CreateDirectory(Path.Combine(dir, "dir")).FullName;
        var link = Path.Combine(dir, "link");
        File.CreateSymbolicLink(link, file);
        var danglingLink = Path.Combine(dir, "dangling");
        File.CreateSymbolicLink(danglingLink, Path.Combine(dir, "missing"));
        var fifo = Path.Combine(dir, "fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.That(mkfifo.ExitCode, Is.Zero);
        }

        var socketPath = Path.Combine(dir, "sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        foreach (var probe in Probes)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(probe(file), Is.EqualTo(UnixFileKind.Regular));
                Assert.That(probe(sub), Is.EqualTo(UnixFileKind.Directory));
                Assert.That(probe(link), Is.EqualTo(UnixFileKind.SymbolicLink), "the link itself, not its target");
                Assert.That(probe(danglingLink), Is.EqualTo(UnixFileKind.SymbolicLink));
                Assert.That(probe(fifo), Is.EqualTo(UnixFileKind.Fifo));
                Assert.That(probe(socketPath), Is.EqualTo(UnixFileKind.Socket));
                Assert.That(probe("/dev/null"), Is.EqualTo(UnixFileKind.CharacterDevice));
            }
        }

        Assert.That(UnixFileType.IsRegularFile(file), Is.True);
        Assert.That(UnixFileType.IsRegularFile(fifo), Is.False);
        Assert.That(UnixFileType.IsRegularFile(socketPath), Is.False);
    }

    [Test]
    public void AMissingPathIsAnErrorNotARegularFile()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("POSIX only");
        }

        var missing = Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-such-" + Guid.NewGuid().ToString("N"));
        foreach (var probe in OperatingSystem.IsLinux() ? Probes : [UnixFileType.Get])
        {
            Assert.That(() => probe(missing), Throws.InstanceOf<IOException>().With.Message.Contains(missing));
        }
    }

    [Test]
    public void LongPathsAndSizesComeFromOneStatx()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("statx is Linux's");
        }

        // Paths over 1,024 characters take the rented-buffer branch of the one statx wrapper.
        using var temp = new TempDirectory();
        var dir = temp.Path;
        while (dir.Length <= 1200)
        {
            dir = Directory.CreateDirectory(Path.Combine(dir, new string('d', 100))).FullName;
        }

        var file = Path.Combine(dir, "f.go");
        File.WriteAllBytes(file, new byte[12345]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(UnixFileType.GetWithStatx(dir), Is.EqualTo(UnixFileKind.Directory));
            Assert.That(UnixFileType.GetWithSize(file, out var size), Is.EqualTo(UnixFileKind.Regular));
            Assert.That(size, Is.EqualTo(12345));
            Assert.Throws<IOException>(() => UnixFileType.GetWithSize(Path.Combine(dir, "missing"), out _));
        }
    }
}
