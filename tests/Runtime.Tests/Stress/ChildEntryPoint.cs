using System;

namespace Torsion.Tests.Stress;

/// <summary>
/// The test assembly's own entry point (the test SDK's generated one is turned off): the child
/// processes of the tests that could crash the host run <c>dotnet Torsion.Runtime.Tests.dll
/// &lt;kind&gt; &lt;name&gt;</c>. Prints "PASS" and returns 0 when the scenario held, prints the error
/// and returns 1 when it did not; a crash (a stack overflow) ends the process with the runtime's
/// own exit code.
/// </summary>
internal static class ChildEntryPoint
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "stress" && StressScenarios.All.TryGetValue(args[1], out Action? scenario))
        {
            return Report(() => StressScenarios.RunOnSmallStack(scenario));
        }

        if (args.Length == 2 && args[0] == "exit" && ExitScenarios.All.TryGetValue(args[1], out Action? atExit))
        {
            return Report(atExit);
        }

        Console.Error.WriteLine("usage: Torsion.Runtime.Tests.dll stress|exit <scenario>");
        return 2;
    }

    private static int Report(Action scenario)
    {
        try
        {
            scenario();
            Console.WriteLine("PASS");
            return 0;
        }
        catch (Exception exception)
        {
            Console.WriteLine("FAIL " + exception);
            return 1;
        }
    }
}
