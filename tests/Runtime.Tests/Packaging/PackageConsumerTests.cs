using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace Torsion.Tests.Packaging;

/// <summary>
/// The whole path a user takes: the packed package restored from a local feed into a fresh project,
/// built (the generator runs, the analyzer warns) and run; then the package's MSBuild switches.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public class PackageConsumerTests
{
    private const string BlockingCallWarning = "warning TRS2001";

    private readonly PackedPackage _package;

    public PackageConsumerTests(PackedPackage package) => _package = package;

    [Fact]
    public void FreshProjectRestoresBuildsAndRunsThePackage()
    {
        PackageConsumer consumer = _package.Consumer;
        Assert.True(consumer.Restore.ExitCode == 0, "dotnet restore failed:\n" + consumer.Restore.Output);
        Assert.True(consumer.FirstBuild.ExitCode == 0, "dotnet build failed:\n" + consumer.FirstBuild.Output);
        Assert.NotNull(consumer.Run);
        Assert.True(consumer.Run!.ExitCode == 0, "the program failed:\n" + consumer.Run.Output);

        // 20 from the DeferLater timer, 22 from the fired Deferred: the generated SumAsync ran on the reactor.
        Assert.Equal(new[] { "total=42" }, Lines(consumer.Run.Output));
    }

    [Fact]
    public void BlockingCallInACallbackIsReportedByThePackagedAnalyzer()
    {
        CommandResult build = _package.Consumer.FirstBuild;
        Assert.True(build.ExitCode == 0, "dotnet build failed:\n" + build.Output);
        Assert.Matches(new Regex(@"Program\.cs\(14,13\): warning TRS2001: 'Thread\.Sleep' blocks the thread"), build.Output);
    }

    [Fact]
    public void TorsionDisableAnalyzersRemovesTheWarningAndKeepsTheGenerator()
    {
        CommandResult build = _package.Consumer.Build("TorsionDisableAnalyzers=true");
        Assert.True(build.ExitCode == 0, "dotnet build failed (the generator must still make SumAsync):\n" + build.Output);
        Assert.DoesNotContain(BlockingCallWarning, build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TorsionDisableGeneratorRemovesTheGeneratedMethod()
    {
        // Without the generator, the program's call to the generated SumAsync no longer compiles.
        CommandResult build = _package.Consumer.Build("TorsionDisableGenerator=true");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error CS0103: The name 'SumAsync' does not exist", build.Output, StringComparison.Ordinal);
    }

    private static string[] Lines(string text)
        => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
}
