using System;
using System.IO;
using System.Threading.Tasks;
using Torsion.Interop.Tests.Peers;

namespace Torsion.Interop.Tests.Samples;

/// <summary>
/// samples/Chat used from nc (netcat-openbsd), as its README promises: two nc users join, rename,
/// talk and quit, over 127.0.0.1.
/// </summary>
public sealed class ChatWithNetcatTests : IAsyncLifetime
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_buildLimit = TimeSpan.FromMinutes(10);
    private readonly string _output = Path.Combine(Path.GetTempPath(), "torsion-chat-interop-" + Guid.NewGuid().ToString("N"));

    private string ChatAssembly => Path.Combine(_output, "Chat.dll");

    public async Task InitializeAsync()
    {
        var build = new PeerCommand("dotnet", new[] { "build", RepositoryRoot.Combine("samples/Chat"), "-c", "Release", "-o", _output, "-v", "q", "--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
            .WithEnvironment("MSBUILDDISABLENODEREUSE", "1")
            .WithEnvironment("DOTNET_CLI_USE_MSBUILD_SERVER", "0");
        PeerResult built = await PeerProcess.RunAsync(build, s_buildLimit);
        Assert.True(built.ExitCode == 0, built.Describe());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_nc_users_join_rename_talk_and_quit()
    {
        string nc = PeerPrograms.Locate("nc", "netcat-openbsd");
        await using RunningPeer chat = RunningPeer.Start(new PeerCommand("dotnet", new[] { ChatAssembly, "tcp:0:interface=127.0.0.1" }));
        string listening = await chat.WaitForOutputLineAsync(line => line.StartsWith("listening on 127.0.0.1:", StringComparison.Ordinal), s_limit);
        string port = listening.Substring(listening.LastIndexOf(':') + 1);

        await using RunningPeer alice = RunningPeer.Start(new PeerCommand(nc, new[] { "-N", "127.0.0.1", port }));
        await alice.WaitForOutputLineAsync(line => line == "* welcome, guest1! commands: /nick NAME, /quit", s_limit);
        await alice.StandardInput.WriteAsync("/nick alice\n");
        await alice.StandardInput.FlushAsync();
        await alice.WaitForOutputLineAsync(line => line == "* guest1 is now known as alice", s_limit);

        PeerResult bob = await PeerProcess.RunAsync(new PeerCommand(nc, new[] { "-N", "127.0.0.1", port }), s_limit, "hello from nc\n/quit\n");
        Assert.True(bob.ExitCode == 0, bob.Describe());
        Assert.Equal(new[] { "* welcome, guest2! commands: /nick NAME, /quit", "* bye!" }, bob.Lines);

        await alice.WaitForOutputLineAsync(line => line == "<guest2> hello from nc", s_limit);
        await alice.WaitForOutputLineAsync(line => line == "* guest2 left", s_limit);
        await alice.StandardInput.WriteAsync("/quit\n");
        await alice.StandardInput.FlushAsync();
        alice.StandardInput.Close();
        PeerResult aliceResult = await alice.WaitForExitAsync(s_limit);
        Assert.Equal("* bye!", aliceResult.Lines[^1]);
    }
}
