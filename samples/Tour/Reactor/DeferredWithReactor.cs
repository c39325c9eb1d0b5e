using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>三.2 a Deferred fired by the reactor: <c>CallLater</c> calls its <c>Callback</c> 3 s later.</summary>
public static class DeferredWithReactor
{
    /// <summary>Prints "已经获得deferred对象", "回调函数注册成功", then 3 s later (0.03 s with --fast) "4".
    /// Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.</summary>
    public static int Run(TourOptions options)
    {
        IReactor reactor = Reactor.Instance;

        Deferred<int> Func(int arg)
        {
            var deferred = new Deferred<int>();
            // In 3 seconds the reactor calls deferred.Callback(arg): asynchronously.
            reactor.CallLater(options.Delay(3), () => deferred.Callback(arg));
            return deferred;
        }

        void Foo(int arg)
        {
            Console.WriteLine(arg + 1);
            reactor.Stop();
        }

        Deferred<int> deferred = Func(3);
        Console.WriteLine("已经获得deferred对象");
        // Foo runs when the reactor's timed call fires the Deferred, with the value it was given.
        deferred.AddCallback(Foo);
        Console.WriteLine("回调函数注册成功");
        reactor.Run();
        return 0;
    }
}
