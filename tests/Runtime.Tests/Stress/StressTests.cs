using System.Threading.Tasks;

namespace Torsion.Tests.Stress;

/// <summary>
/// Issue 8, items 1-3: cancellation reaches the innermost Deferred of 100,000-level nests in
/// constant stack, and failures through deep nests or a million errbacks keep a bounded trace and
/// route. Each scenario runs on a 256 KB stack in a child process (a stack overflow would otherwise
/// kill the test host); see <see cref="StressScenarios"/>.
/// </summary>
[Collection("child processes")]
public class StressTests
{
    [Theory]
    [InlineData("cancel-returned-deferreds")]
    [InlineData("cancel-type-changes")]
    [InlineData("cancel-nested-deferred-lists")]
    [InlineData("cancel-nested-generated")]
    [InlineData("cancel-nested-async")]
    [InlineData("failure-through-nested-generated")]
    [InlineData("failure-through-nested-async")]
    [InlineData("failure-through-million-errbacks")]
    public async Task Scenario_holds_on_a_256_KB_stack_in_a_child_process(string scenario)
    {
        (int exitCode, string output, string errors) = await ChildProcess.RunAsync("stress", scenario);
        Assert.True(exitCode == 0 && output.Contains("PASS"), "exit code " + exitCode + "\nstdout:\n" + Tail(output) + "\nstderr:\n" + Tail(errors));
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
