using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GoModules.TestUtilities.Servers;

/// <summary><c>git daemon</c> serving every repository under a base directory on 127.0.0.1.</summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    public GitDaemon(string basePath)
    {
        GitTestRepository.Isolate();
        Port = FreePort();
        var psi = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "daemon", "--export-all", "--reuseaddr", "--base-path=" + basePath, "--listen=127.0.0.1", "--port=" + Port, "--informative-errors", basePath })
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    break;
                }

                Thread.Sleep(50);
            }
        }

        Dispose();
        throw new InvalidOperationException("git daemon did not start");
    }

    public int Port { get; }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
