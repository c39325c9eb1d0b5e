using System;

namespace Torsion.Samples.Tour.Deferreds;

/// <summary>三.4 回调链: the four ways to add callbacks, and addBoth. (The tutorial's <c>main</c> is <c>MainFunc</c> here.)</summary>
public static class CallbackChain
{
    public static int Run(TourOptions options)
    {
        Deferred<string> deferred = MainFunc(100);

        // Way one, separately:      deferred.AddCallback(Func1);  and then  .AddErrback(Err1) on what it returns
        // Way two, chained:         deferred.AddCallback(Func1).AddErrback(Err1);
        // Way three, AddCallbacks:  deferred.AddCallbacks(s => { Func1(s); return s; }, f => { Err1(f); return ""; });

        // AddBoth: runs whether the Deferred succeeded or failed.
        deferred.AddBoth(Bothback);
        return 0;
    }

    private static Deferred<string> MainFunc(int arg)
    {
        var deferred = new Deferred<string>();
        if (arg > 10)
        {
            deferred.Callback("func1");
        }
        else
        {
            deferred.Errback(new ArgumentException("错误"));
        }

        return deferred;
    }

    private static void Func1(string arg) => Console.WriteLine(arg);

    private static void Err1(Failure error) => Console.WriteLine(error.Value.Message);

    // Runs on success and on failure alike: gets the value or the Failure.
    private static void Bothback(object? result) => Console.WriteLine(result);
}
