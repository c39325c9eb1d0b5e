using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>二.1 hello world: <c>CallWhenRunning</c> on the global reactor, which then stops itself.</summary>
public static class HelloWorld
{
    /// <summary>Prints "hello,twisted". Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.</summary>
    public static int Run(TourOptions options)
    {
        // The reactor is the event loop; the first use of Reactor.Instance installs the platform default.
        IReactor reactor = Reactor.Instance;

        void Func(string arg)
        {
            Console.WriteLine(arg);
            reactor.Stop();
        }

        // Arguments are captured by the lambda instead of being passed after the callable.
        reactor.CallWhenRunning(() => Func("hello,twisted"));
        reactor.Run();
        return 0;
    }
}
