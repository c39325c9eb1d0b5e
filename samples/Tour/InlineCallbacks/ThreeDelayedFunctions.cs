using System;
using System.Collections.Generic;

namespace Torsion.Samples.Tour.InlineCallbacks;

/// <summary>
/// 5 内联回调: three functions each return a Deferred that fires 5 seconds later, and one
/// [InlineCallbacks] method waits for them in turn with <c>yield return</c>, printing each result.
/// Prints what the tutorial's Python prints: <c>func1执行了</c>, <c>102</c>, <c>func2执行了</c>,
/// <c>102</c>, <c>func3执行了</c>, <c>102</c>.
/// </summary>
/// <remarks>
/// The tutorial's program never stops (its reactor runs forever); this one stops the reactor once
/// <c>main</c>'s Deferred has fired, so the Tour can go on.
/// </remarks>
public sealed partial class ThreeDelayedFunctions
{
    private readonly IReactor _reactor;
    private readonly TourOptions _options;

    private ThreeDelayedFunctions(IReactor reactor, TourOptions options)
    {
        _reactor = reactor;
        _options = options;
    }

    /// <summary>Runs the example on a new reactor; returns the process exit code.</summary>
    public static int Run(TourOptions options)
    {
        IReactor reactor = Reactor.CreateDefault();
        var example = new ThreeDelayedFunctions(reactor, options);
        int exitCode = 0;
        reactor.CallWhenRunning(() =>
        {
            // main() in the tutorial: the generated MainAsync runs the iterator below.
            Deferred done = example.MainAsync();
            done.AddBoth(result =>
            {
                if (result is Failure failure)
                {
                    Console.Error.WriteLine(failure.GetTraceback());
                    exitCode = 1;
                }

                reactor.Stop();
                return null;
            });
        });
        reactor.Run(installSignalHandlers: false);
        return exitCode;
    }

    private Deferred<int> Func1(int num) => Delayed("func1", num);

    private Deferred<int> Func2(int num) => Delayed("func2", num);

    private Deferred<int> Func3(int num) => Delayed("func3", num);

    /// <summary>The body the three tutorial functions share: print, then fire num + 1 after 5 seconds.</summary>
    private Deferred<int> Delayed(string name, int num)
    {
        num += 1;
        Console.WriteLine(name + "执行了");
        var deferred = new Deferred<int>();
        _reactor.CallLater(_options.Delay(5), () => deferred.Callback(num + 1));
        return deferred;
    }

    /// <summary>
    /// The tutorial's <c>@defer.inlineCallbacks def main()</c>. Each <c>yield return</c> waits for the
    /// Deferred; its value is then read with <c>.Result</c> (Python's <c>res1 = yield func1(100)</c>).
    /// </summary>
    [InlineCallbacks]
    private IEnumerable<Deferred> Main()
    {
        var res1 = Func1(100);
        yield return res1;
        Console.WriteLine(res1.Result); // 获取执行结果
        var res2 = Func2(100);
        yield return res2;
        Console.WriteLine(res2.Result);
        var res3 = Func3(100);
        yield return res3;
        Console.WriteLine(res3.Result);
    }
}
