using System;
using System.Threading;

namespace Torsion.Samples.Tour.Deferreds;

/// <summary>三.1 快速使用: a Deferred fired at once, a callback added afterwards runs immediately.</summary>
public static class QuickUse
{
    public static int Run(TourOptions options)
    {
        // func returns a Deferred that has already fired with its argument.
        Deferred<int> Func(int arg)
        {
            var deferred = new Deferred<int>();
            deferred.Callback(arg);
            return deferred;
        }

        void Foo(int arg)
        {
            // The tutorial simulates a slow computation with time.sleep(2) inside the callback.
            // (Blocking like this in a program with a reactor would stall it; this example has none.)
#pragma warning disable TRS2001 // the tutorial's deliberate sleep in a callback, with no reactor running (see docs/diagnostics/TRS2001.md)
            Thread.Sleep(options.Delay(2));
#pragma warning restore TRS2001
            Console.WriteLine(arg + 1);
        }

        Deferred<int> deferred = Func(3);
        Console.WriteLine("已经获得deferred对象");
        deferred.AddCallback(Foo);
        return 0;
    }
}
