using System;
using System.Collections.Generic;
using System.Threading;

namespace Torsion;

/// <summary>
/// Running code in threads and coming back to the reactor (Twisted's <c>twisted.internet.threads</c>):
/// <see cref="DeferToThread{T}(IReactorThreads, Func{T})"/>, <see cref="BlockingCallFromThread{T}(IReactorThreads, Func{T})"/>
/// and friends, as extension methods on any reactor.
/// </summary>
public static class ReactorThreadExtensions
{
    /// <summary>
    /// Runs <paramref name="function"/> on the reactor's thread pool; the returned Deferred fires on
    /// the reactor thread with its result, or fails with what it threw.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public static Deferred<T> DeferToThread<T>(this IReactorThreads reactor, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        return DeferToThreadPool(reactor, reactor.GetThreadPool(), function);
    }

    /// <summary>Runs <paramref name="action"/> on the reactor's thread pool; the Deferred fires with null on the reactor thread, or fails with what it threw.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public static Deferred DeferToThread(this IReactorThreads reactor, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return DeferToThread<object?>(reactor, () =>
        {
            action();
            return null;
        });
    }

    /// <summary>Like <see cref="DeferToThread{T}(IReactorThreads, Func{T})"/> on a pool of your choice
    /// (Twisted's <c>deferToThreadPool</c>); the result still comes back through <paramref name="reactor"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Deferred<T> DeferToThreadPool<T>(this IReactorThreads reactor, ReactorThreadPool pool, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(function);
        var deferred = new Deferred<T>();
        pool.CallInThread(() =>
        {
            T result;
            try
            {
                result = function();
            }
            catch (Exception e)
            {
                var failure = new Failure(e);
                reactor.CallFromThread(() => deferred.Errback(failure));
                return;
            }

            reactor.CallFromThread(() => deferred.Callback(result));
        });
        return deferred;
    }

    /// <summary>Runs each action, in order, in one thread of the reactor's pool (Twisted's <c>callMultipleInThread</c>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NotOnReactorThreadException">Called from a thread other than the running reactor's.</exception>
    public static void CallMultipleInThread(this IReactorThreads reactor, IEnumerable<Action> actions)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(actions);
        var list = new List<Action>(actions);
        reactor.CallInThread(() =>
        {
            foreach (var action in list)
            {
                action();
            }
        });
    }

    /// <summary>
    /// From a thread that is not the reactor's: runs <paramref name="function"/> on the reactor thread
    /// and blocks until it returns, giving back its result or rethrowing (with its original stack)
    /// what it threw.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">Called on the reactor thread, where waiting would deadlock.</exception>
    public static T BlockingCallFromThread<T>(this IReactorThreads reactor, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return BlockingCallFromThread(reactor, () => Deferred.Execute(function));
    }

    /// <summary>
    /// From a thread that is not the reactor's: runs <paramref name="function"/> on the reactor thread,
    /// then blocks until the Deferred it returns fires; returns its value or rethrows its failure.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">Called on the reactor thread, where waiting would deadlock.</exception>
    public static T BlockingCallFromThread<T>(this IReactorThreads reactor, Func<Deferred<T>> function)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(function);
        if (reactor is ReactorBase { IsReactorThread: true })
        {
            throw new InvalidOperationException("BlockingCallFromThread must not be called on the reactor thread: it would wait for itself forever.");
        }

        using var done = new ManualResetEventSlim();
        T value = default!;
        Failure? failure = null;
        reactor.CallFromThread(() =>
        {
            Deferred<T> deferred;
            try
            {
                deferred = function();
            }
            catch (Exception e)
            {
                failure = new Failure(e);
                done.Set();
                return;
            }

            deferred.AddBoth((result, error) =>
            {
                value = result!;
                failure = error;
                done.Set();
                return result!;
            });
        });
        done.Wait();
        failure?.RaiseException();
        return value;
    }
}
