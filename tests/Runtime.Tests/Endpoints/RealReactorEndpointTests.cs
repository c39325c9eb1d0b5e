using System;
using System.Collections.Generic;
using System.Text;
using Torsion.Endpoints;
using Torsion.Protocols;
using Torsion.Tests.Reactors;

namespace Torsion.Tests.Endpoints;

/// <summary>
/// Endpoints and framers on every real reactor over loopback: a server from an endpoint string, clients
/// through ClientFromString, ClientCreator and HostnameEndpoint("localhost") (which resolves off the
/// reactor thread and races ::1, refused here, against 127.0.0.1).
/// </summary>
public sealed class RealReactorEndpointTests
{
    private const int Lines = 2000;

    /// <summary>Answers each line with the same line in upper case; "bye" closes the connection.</summary>
    private sealed class ShoutServer : LineReceiver
    {
        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            if (line.SequenceEqual("bye"u8))
            {
                Transport.LoseConnection();
                return;
            }

            Span<byte> upper = stackalloc byte[line.Length];
            for (int i = 0; i < line.Length; i++)
            {
                upper[i] = line[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(line[i] - 32) : line[i];
            }

            SendLine(upper);
        }
    }

    private sealed class ShoutClient : LineReceiver
    {
        public List<string> Replies { get; } = new();

        public Failure? Lost { get; private set; }

        public Action? OnLost { get; set; }

        protected override void LineReceived(ReadOnlySpan<byte> line)
        {
            Replies.Add(Encoding.ASCII.GetString(line));
            if (Replies.Count == Lines)
            {
                SendLine("bye"u8);
            }
        }

        public override void ConnectionLost(Failure reason)
        {
            Lost = reason;
            OnLost?.Invoke();
        }

        public void SendAll()
        {
            var all = new StringBuilder();
            for (int i = 0; i < Lines; i++)
            {
                all.Append("line ").Append(i).Append("\r\n");
            }

            // One big write, so lines straddle the server's reads.
            Transport.Write(Encoding.ASCII.GetBytes(all.ToString()));
        }
    }

    private static void Check(ShoutClient client)
    {
        Assert.Equal(Lines, client.Replies.Count);
        for (int i = 0; i < Lines; i++)
        {
            Assert.Equal("LINE " + i, client.Replies[i]);
        }

        Assert.IsType<ConnectionDoneException>(client.Lost!.Value);
    }

    [Theory]
    [MemberData(nameof(ReactorKinds.All), MemberType = typeof(ReactorKinds))]
    public void A_line_server_from_a_string_serves_ClientFromString_ClientCreator_and_HostnameEndpoint_clients(string kind)
    {
        using var reactor = ReactorKinds.Create(kind);
        IListeningPort? port = null;
        var clients = new List<ShoutClient>();
        Failure? problem = null;
        int finished = 0;

        void Done()
        {
            if (++finished == 3)
            {
                port!.StopListening().AddCallback(_ => reactor.Stop());
            }
        }

        object? Record(Failure failure)
        {
            problem ??= failure;
            reactor.Stop();
            return null;
        }

        void Started(ShoutClient client)
        {
            clients.Add(client);
            client.OnLost = Done;
            client.SendAll();
        }

        reactor.CallWhenRunning(() =>
            EndpointStrings.ServerFromString(reactor, "tcp:0:interface=127.0.0.1").Listen(Factory.ForProtocol<ShoutServer>()).AddCallbacks(
                listening =>
                {
                    port = listening;
                    int number = ((IPv4Address)listening.GetHost()).Port;
                    EndpointStrings.ClientFromString(reactor, $"tcp:host=127.0.0.1:port={number}:timeout=10")
                        .Connect(() => new ShoutClient())
                        .AddCallback(Started).AddErrback(Record);
                    new ClientCreator<ShoutClient>(reactor, () => new ShoutClient()).ConnectTcp("127.0.0.1", number)
                        .AddCallback(Started).AddErrback(Record);
                    new HostnameEndpoint(reactor, "localhost", number, attemptDelay: TimeSpan.FromMilliseconds(50))
                        .Connect(() => new ShoutClient())
                        .AddCallback(Started).AddErrback(Record);
                    return listening;
                },
                failure =>
                {
                    Record(failure);
                    return null!;
                }));
        ReactorKinds.RunBounded(reactor);

        Assert.True(problem is null, problem?.GetTraceback());
        Assert.Equal(3, clients.Count);
        foreach (ShoutClient client in clients)
        {
            Check(client);
        }
    }
}
