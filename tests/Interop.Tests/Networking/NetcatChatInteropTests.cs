using System;
using System.IO;
using System.Linq;

namespace Torsion.Interop.Tests.Networking;

/// <summary>The Chat sample (a LineReceiver room on real Torsion TCP) used from OpenBSD nc, as a person would.</summary>
public class NetcatChatInteropTests
{
    [Fact]
    public void Two_nc_clients_chat_through_the_Chat_sample_and_quit_closes_the_connection()
    {
        string chat = Path.Combine(AppContext.BaseDirectory, "Chat.dll");
        Assert.True(File.Exists(chat), $"{chat} was not built with the tests");
        Assert.True(File.Exists("/usr/bin/nc") || File.Exists("/bin/nc"), "nc is not installed (apt-get install -y netcat-openbsd)");
        using var server = TwistedNetPeer.StartProgram("dotnet", chat, "tcp:0:interface=127.0.0.1");
        string listening = server.WaitForLine("listening on ", TimeSpan.FromSeconds(60));
        string port = listening.Split(':').Last();
        using var bob = TwistedNetPeer.StartProgram("nc", "-N", "127.0.0.1", port);
        bob.WaitForLine("* welcome, ", TimeSpan.FromSeconds(20));
        using var alice = TwistedNetPeer.StartProgram("nc", "-N", "127.0.0.1", port);
        alice.WaitForLine("* welcome, ", TimeSpan.FromSeconds(20));
        alice.WriteLine("/nick alice");
        bob.WaitForLine("* ", TimeSpan.FromSeconds(20));
        alice.WriteLine("hello from nc");
        Assert.Equal("hello from nc", bob.WaitForLine("<alice> ", TimeSpan.FromSeconds(20)));
        alice.WriteLine("/quit");
        alice.WaitForLine("* bye!", TimeSpan.FromSeconds(20));
        // The server closed alice's connection after "/quit" (nc's input is still open): the room says so.
        bob.WaitForLine("* alice left", TimeSpan.FromSeconds(20));
        alice.CloseInput();
        alice.WaitForExit(TimeSpan.FromSeconds(20));
        Assert.False(bob.HasExited);
        bob.CloseInput();
        bob.WaitForExit(TimeSpan.FromSeconds(20));
    }
}
