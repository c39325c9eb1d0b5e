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
    /// <remarks>
    /// It never blocks forever on a reactor that cannot answer: when <paramref name="function"/>
    /// throws, returns null or returns a Deferred that cannot be waited on (a handle retired by a
    /// type-changing callback), that error is thrown here; when the reactor has stopped or is
    /// disposed before it ran <paramref name="function"/>, <see cref="ReactorNotRunningException"/>
    /// is thrown and <paramref name="function"/> never runs; when it stops while the returned
    /// Deferred is still waiting, <see cref="ReactorNotRunningException"/> is thrown too. (Twisted's
    /// <c>blockingCallFromThread</c> hangs in these cases.) Called before the reactor starts, it
    /// waits for the reactor to run, as Twisted's does.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">Called on the reactor thread, where waiting would deadlock; or <paramref name="function"/> returned null or a retired handle.</exception>
    /// <exception cref="ReactorNotRunningException">The reactor stopped (or was disposed) before it could run <paramref name="function"/> or before the Deferred fired.</exception>
    public static T BlockingCallFromThread<T>(this IReactorThreads reactor, Func<Deferred<T>> function)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        ArgumentNullException.ThrowIfNull(function);
        var known = reactor as ReactorBase;
        if (known is { IsReactorThread: true })
        {
            throw new InvalidOperationException("BlockingCallFromThread must not be called on the reactor thread: it would wait for itself forever.");
        }

        if (known is { HasEnded: true })
        {
            throw new ReactorNotRunningException("BlockingCallFromThread: the reactor has stopped, so it cannot run the function.");
        }

        const int Queued = 0, Started = 1, Abandoned = 2;
        int state = Queued;
        var done = new ManualResetEventSlim();
        T value = default!;
        Failure? failure = null;
        try
        {
            reactor.CallFromThread(() =>
            {
                if (Interlocked.CompareExchange(ref state, Started, Queued) != Queued)
                {
                    return; // The caller gave up: the reactor ended before it got here.
                }

                try
                {
                    Deferred<T> deferred = function() ?? throw new InvalidOperationException(
                        "BlockingCallFromThread: the function returned a null Deferred.");
                    deferred.AddBoth((result, error) =>
                    {
                        value = result!;
                        failure = error;
                        done.Set();
                        return result!;
                    });
                }
                catch (Exception e)
                {
                    failure = new Failure(e);
                    done.Set();
                }
            });
        }
        catch (ObjectDisposedException disposed)
        {
            done.Dispose();
            throw new ReactorNotRunningException("BlockingCallFromThread: the reactor was disposed, so it cannot run the function.", disposed);
        }

        try
        {
            done.Wait(known?.EndedToken ?? CancellationToken.None);
        }
        catch (OperationCanceledException) when (!done.IsSet)
        {
            // The reactor ended. The 'done' event is left to the collector: a late AddBoth may still set it.
            if (Interlocked.CompareExchange(ref state, Abandoned, Queued) == Queued)
            {
                throw new ReactorNotRunningException("BlockingCallFromThread: the reactor stopped before it ran the function.");
            }

            throw new ReactorNotRunningException("BlockingCallFromThread: the reactor stopped before the Deferred returned by the function fired.");
        }
        catch (OperationCanceledException)
        {
            // Ended just as the result arrived: the result counts.
        }

        failure?.RaiseException();
        return value;
    }
}
