using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>二.2 <c>LoopingCall</c>: the task module's ready-made repeating call.</summary>
public static class LoopingCallSection
{
    /// <summary>
    /// Prints "main执行完毕", then "hello" every 3 s (0.03 s with --fast). The tutorial's loop runs
    /// until stopped; the Tour stops it with <c>loop.Stop()</c> after three calls.
    /// Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.
    /// </summary>
    public static int Run(TourOptions options)
    {
        const int Calls = 3;
        IReactor reactor = Reactor.Instance;
        LoopingCall? loop = null;
        int calls = 0;

        void Foo(string arg)
        {
            Console.WriteLine(arg);
            if (++calls == Calls)
            {
                loop!.Stop();
            }
        }

        void Main()
        {
            // The loop object; without a clock it uses the global reactor.
            loop = new LoopingCall(() => Foo("hello"));
            // interval: one call every 3 seconds; now: false waits one interval before the first call
            // (true, the default, would call at once).
            loop.Start(interval: options.Delay(3), now: false).AddCallback(_ => reactor.Stop());
            Console.WriteLine("main执行完毕");
        }

        reactor.CallWhenRunning(Main);
        reactor.Run();
        return 0;
    }
}
