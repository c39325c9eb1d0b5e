using System;
using System.Net.Sockets;
using System.Text;

namespace Torsion.Tests.Samples;

/// <summary>samples/Echo, built and run as a program, talked to through System.Net.Sockets and through its own client mode.</summary>
public sealed class EchoSampleTests : IClassFixture<NetworkSamplesFixture>
{
    private readonly NetworkSamplesFixture _samples;

    public EchoSampleTests(NetworkSamplesFixture samples) => _samples = samples;

    [Fact]
    public void The_server_prints_its_real_port_echoes_a_socket_and_stops_on_SIGTERM()
    {
        using var server = new SampleProcess(_samples.EchoAssembly, "server", "tcp:0:interface=127.0.0.1");
        int port = server.ReadListeningPort();
        using (Socket socket = SampleProcess.Connect(port))
        {
            byte[] message = new byte[100_000];
            new Random(7).NextBytes(message);
            socket.Send(message);
            socket.Shutdown(SocketShutdown.Send);
            byte[] echoed = new byte[message.Length + 1];
            int total = 0;
            int read;
            while ((read = socket.Receive(echoed, total, echoed.Length - total, SocketFlags.None)) > 0)
            {
                total += read;
            }

            Assert.Equal(message.Length, total);
            Assert.Equal(message, echoed.AsSpan(0, total).ToArray());
        }

        Assert.Equal(0, server.Terminate());
    }

    [Fact]
    public void The_client_echoes_standard_input_through_the_server_and_exits_when_it_ends()
    {
        using var server = new SampleProcess(_samples.EchoAssembly, "server", "tcp:0:interface=127.0.0.1");
        int port = server.ReadListeningPort();
        using var client = new SampleProcess(_samples.EchoAssembly, "client", $"tcp:127.0.0.1:{port}");
        client.Process.StandardInput.Write("hello\nworld\n");
        client.Process.StandardInput.Close();
        Assert.Equal("hello", client.ReadLine());
        Assert.Equal("world", client.ReadLine());
        Assert.Equal(0, client.WaitForExit());
        Assert.Equal(0, server.Terminate());
    }

    [Fact]
    public void Bad_endpoint_strings_and_refused_connections_give_clear_errors_and_exit_codes()
    {
        using var unknown = new SampleProcess(_samples.EchoAssembly, "server", "ssl:443");
        Assert.Equal(2, unknown.WaitForExit());
        Assert.Contains("Unknown endpoint type: 'ssl'", unknown.Errors);

        int closedPort;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var refused = new SampleProcess(_samples.EchoAssembly, "client", $"tcp:127.0.0.1:{closedPort}");
        Assert.Equal(1, refused.WaitForExit());
        Assert.Contains("cannot connect", refused.Errors);
    }
}
