using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>二.2 a loop made of timed calls that schedule each other.</summary>
public static class CallLaterLoop
{
    /// <summary>
    /// Prints "它是异步的" and "loop调用..." alternately, 5 s apart (0.05 s with --fast). The
    /// tutorial's loop runs forever; the Tour stops after the three rounds its output shows.
    /// Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.
    /// </summary>
    public static int Run(TourOptions options)
    {
        const int Rounds = 3;
        IReactor reactor = Reactor.Instance;
        int rounds = 0;

        void Loop(string arg)
        {
            Console.WriteLine(arg);
            if (++rounds == Rounds)
            {
                reactor.Stop();
                return;
            }

            reactor.CallLater(options.Delay(5), Func);
        }

        void Func()
        {
            reactor.CallLater(options.Delay(5), () => Loop("loop调用..."));
            Console.WriteLine("它是异步的");
        }

        reactor.CallWhenRunning(Func);
        reactor.Run();
        return 0;
    }
}
