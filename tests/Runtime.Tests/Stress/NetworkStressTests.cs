using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Torsion.Tests.Stress;

/// <summary>
/// Issue 7's networking promises at ten times their size, each in a child process (see
/// <see cref="StressScenarios.ConnectCloseHundredThousand"/> and
/// <see cref="StressScenarios.EchoTenGibibytes"/>): 100,000 connect/close cycles without a leaked
/// descriptor, and 10 GiB echoed over one connection with every byte checked.
/// </summary>
[Collection("child processes")]
public class NetworkStressTests
{
    private readonly ITestOutputHelper _output;

    public NetworkStressTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("tcp-connect-close-100k")]
    [InlineData("tcp-echo-10-gib")]
    public async Task Networking_at_ten_times_the_promised_size_holds_in_a_child_process(string scenario)
    {
        (int exitCode, string output, string errors) = await ChildProcess.RunAsync("stress", scenario);
        _output.WriteLine(output);
        Assert.True(exitCode == 0 && output.Contains("PASS"), "exit code " + exitCode + "\nstdout:\n" + Tail(output) + "\nstderr:\n" + Tail(errors));
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
