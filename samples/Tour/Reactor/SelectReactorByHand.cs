using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>
/// 二.1 choosing the reactor by hand: install the select reactor before anything uses the global
/// reactor; installing another one afterwards fails, because the global reactor is a singleton.
/// </summary>
public static class SelectReactorByHand
{
    /// <summary>Prints "hello,twisted" on the select reactor, then shows (on standard error) the error
    /// a too-late install raises. Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.</summary>
    public static int Run(TourOptions options)
    {
        SelectReactor.Install();
        // Note: any other reactor must be installed before the global reactor is first used.
        IReactor reactor = Reactor.Instance;

        void Func(string arg)
        {
            Console.WriteLine(arg);
            reactor.Stop();
        }

        reactor.CallWhenRunning(() => Func("hello,twisted"));
        reactor.Run();

        // Installing after a reactor exists: the reactor is a singleton, so this is an error.
        try
        {
            EpollReactor.Install();
            Console.Error.WriteLine("unexpected: a second reactor was installed");
            return 1;
        }
        catch (ReactorAlreadyInstalledException error)
        {
            Console.Error.WriteLine($"{error.GetType().Name}: {error.Message} (the global reactor is {reactor.GetType().Name})");
        }

        return 0;
    }
}
