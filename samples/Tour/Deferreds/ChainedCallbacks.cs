using System;

namespace Torsion.Samples.Tour.Deferreds;

/// <summary>三.4 回调链 (continued): each callback's return value is the next one's argument.</summary>
public static class ChainedCallbacks
{
    public static int Run(TourOptions options)
    {
        Deferred<int> Main(int num)
        {
            var deferred = new Deferred<int>();
            deferred.Callback(num);
            return deferred;
        }

        int Callback1(int num)
        {
            num += 1;
            Console.WriteLine("callback1");
            Console.WriteLine(num);
            return num;
        }

        int Callback2(int num)
        {
            num += 1;
            Console.WriteLine("callback2");
            Console.WriteLine(num);
            return num;
        }

        int Callback3(int num)
        {
            num += 1;
            Console.WriteLine("callback3");
            Console.WriteLine(num);
            return num;
        }

        Deferred<int> deferred = Main(100);

        // The chain hands each callback's return value to the next callback.
        deferred.AddCallback(Callback1).AddCallback(Callback2).AddCallback(Callback3);
        return 0;
    }
}
