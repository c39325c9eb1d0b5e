using System;

namespace Torsion.Samples.Tour.Reactors;

/// <summary>三.3 the error callback: the reactor fails the Deferred, and the errback runs.</summary>
public static class DeferredErrback
{
    /// <summary>The tutorial's exception type, so <c>error.Type</c> prints as Python's does.</summary>
    public sealed class ValueError : Exception
    {
        /// <summary>Creates the error with its message.</summary>
        public ValueError(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Prints "已经获得deferred对象", "回调函数注册成功", then 3 s later (0.03 s with --fast)
    /// "值错误", "&lt;class 'ValueError'&gt;", "如果出现异常就执行errback". The tutorial's program never
    /// stops; the Tour stops the reactor once the errback has run.
    /// Uses the global reactor: wrap with <see cref="GlobalReactorSection.Isolated"/>.
    /// </summary>
    public static int Run(TourOptions options)
    {
        IReactor reactor = Reactor.Instance;

        Deferred<int> Func(int arg)
        {
            var deferred = new Deferred<int>();
            if (arg > 10)
            {
                reactor.CallLater(options.Delay(3), () => deferred.Callback(arg));
            }
            else
            {
                reactor.CallLater(options.Delay(3), () => deferred.Errback(new ValueError("值错误")));
            }

            return deferred;
        }

        void Foo(int arg)
        {
            Console.WriteLine(arg + 1);
        }

        void Errback(Failure error)
        {
            Console.WriteLine(error.Value.Message);
            Console.WriteLine($"<class '{error.Type.Name}'>");
            Console.WriteLine("如果出现异常就执行errback");
        }

        Deferred<int> deferred = Func(3);
        Console.WriteLine("已经获得deferred对象");
        Deferred afterFoo = deferred.AddCallback(Foo);
        afterFoo.AddErrback(Errback);
        Console.WriteLine("回调函数注册成功");
        // Not in the tutorial (whose program runs forever): stop once the chain is done.
        afterFoo.AddBoth(_ => reactor.Stop());
        reactor.Run();
        return 0;
    }
}
