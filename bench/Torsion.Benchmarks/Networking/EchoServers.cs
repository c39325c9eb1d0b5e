using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Benchmarks.Networking;

/// <summary>
/// The .NET echo servers of the networking comparison, each run as its own process
/// (<c>Torsion.Benchmarks --network-server KIND</c>): they listen on 127.0.0.1:0, print
/// <c>listening on PORT</c>, echo with TCP_NODELAY, and exit when standard input closes. The Torsion
/// servers then print <c>allocated BYTES</c>: what the process allocated while serving.
/// </summary>
public static class EchoServers
{
    /// <summary>Runs the server <paramref name="kind"/>: torsion-epoll, torsion-completion or dotnet-async.</summary>
    public static int Run(string kind)
    {
        switch (kind)
        {
            case "torsion-epoll":
                return RunTorsion(new EpollReactor());
            case "torsion-completion":
                return RunTorsion(new CompletionReactor());
            case "dotnet-async":
                return RunDotNetAsync();
            default:
                Console.Error.WriteLine($"unknown server kind '{kind}'");
                return 2;
        }
    }

    private sealed class Echo : Protocol
    {
        public override void ConnectionMade() => ((ITcpTransport)Transport).SetTcpNoDelay(true);

        public override void DataReceived(ReadOnlySpan<byte> data) => Transport.Write(data);
    }

    private static int RunTorsion(ReactorBase reactor)
    {
        var port = reactor.ListenTcp(0, Factory.ForProtocol<Echo>(), backlog: 512, interfaceAddress: "127.0.0.1");
        Console.WriteLine($"listening on {((IPv4Address)port.GetHost()).Port}");
        Console.Out.Flush();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        new Thread(() =>
        {
            Console.In.ReadToEnd();
            reactor.CallFromThread(reactor.Stop);
        }) { IsBackground = true }.Start();
        reactor.Run(installSignalHandlers: false);
        Console.WriteLine($"allocated {GC.GetTotalAllocatedBytes(precise: true) - before}");
        Console.Out.Flush();
        reactor.Dispose();
        return 0;
    }

    private static int RunDotNetAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        Console.WriteLine($"listening on {((IPEndPoint)listener.LocalEndPoint!).Port}");
        Console.Out.Flush();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        _ = AcceptLoop(listener);
        Console.In.ReadToEnd();
        Console.WriteLine($"allocated {GC.GetTotalAllocatedBytes(precise: true) - before}");
        Console.Out.Flush();
        return 0;
    }

    private static async Task AcceptLoop(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            _ = EchoLoop(client);
        }
    }

    private static async Task EchoLoop(Socket client)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await client.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                int sent = 0;
                while (sent < n)
                {
                    sent += await client.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
        }
        catch (SocketException)
        {
            // The load generator went away.
        }
        finally
        {
            client.Dispose();
        }
    }
}
