using System;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace Torsion.Tests.Samples;

/// <summary>samples/Chat, built and run as a program, used by two System.Net.Sockets clients the way nc users would.</summary>
public sealed class ChatSampleTests : IClassFixture<NetworkSamplesFixture>
{
    private readonly NetworkSamplesFixture _samples;

    public ChatSampleTests(NetworkSamplesFixture samples) => _samples = samples;

    private sealed class ChatClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        public ChatClient(int port)
        {
            _socket = SampleProcess.Connect(port);
            var stream = new NetworkStream(_socket, ownsSocket: false);
            _reader = new StreamReader(stream, Encoding.UTF8);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
        }

        public string? ReadLine() => _reader.ReadLine();

        public void Say(string line) => _writer.WriteLine(line);

        public void Dispose()
        {
            _reader.Dispose();
            _socket.Dispose();
        }
    }

    [Fact]
    public void Two_users_chat_rename_and_quit_and_the_server_stops_on_SIGTERM()
    {
        using var chat = new SampleProcess(_samples.ChatAssembly, "tcp:0:interface=127.0.0.1");
        int port = chat.ReadListeningPort();
        using var alice = new ChatClient(port);
        Assert.Equal("* welcome, guest1! commands: /nick NAME, /quit", alice.ReadLine());
        using var bob = new ChatClient(port);
        Assert.Equal("* welcome, guest2! commands: /nick NAME, /quit", bob.ReadLine());
        Assert.Equal("* guest2 joined", alice.ReadLine());

        alice.Say("/nick alice");
        Assert.Equal("* guest1 is now known as alice", alice.ReadLine());
        Assert.Equal("* guest1 is now known as alice", bob.ReadLine());
        bob.Say("/nick alice");
        Assert.Equal("! alice is taken", bob.ReadLine());

        alice.Say("hello, héllo\r"); // telnet-style CRLF works too
        Assert.Equal("<alice> hello, héllo", bob.ReadLine());
        bob.Say("/dance");
        Assert.Equal("! unknown command /dance (commands: /nick NAME, /quit)", bob.ReadLine());

        bob.Say("/quit");
        Assert.Equal("* bye!", bob.ReadLine());
        Assert.Null(bob.ReadLine()); // the server closed the connection
        Assert.Equal("* guest2 left", alice.ReadLine());

        Assert.Equal(0, chat.Terminate());
    }

    [Fact]
    public void A_taken_port_gives_a_clear_error_and_exit_code_1()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var chat = new SampleProcess(_samples.ChatAssembly, $"tcp:{port}:interface=127.0.0.1");
        Assert.Equal(1, chat.WaitForExit());
        Assert.Contains("cannot listen", chat.Errors);
    }
}
