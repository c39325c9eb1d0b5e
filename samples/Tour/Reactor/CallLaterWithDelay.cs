using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>二.2 timed calls: <c>CallLater</c> runs a function after a delay, asynchronously.</summary>
public static class CallLaterWithDelay
{
    /// <summary>Prints "hello,twisted", "它是异步的", then 5 s later (0.05 s with --fast) "stop被执行了".
    /// Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.</summary>
    public static int Run(TourOptions options)
    {
        IReactor reactor = Reactor.Instance;

        void Stop(string arg)
        {
            Console.WriteLine(arg);
            reactor.Stop();
        }

        void Func(string arg)
        {
            Console.WriteLine(arg);
            // A timed call: the delay, then the function (its argument captured by the lambda).
            reactor.CallLater(options.Delay(5), () => Stop("stop被执行了"));
            Console.WriteLine("它是异步的");
        }

        reactor.CallWhenRunning(() => Func("hello,twisted"));
        reactor.Run();
        return 0;
    }
}
