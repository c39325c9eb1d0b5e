using System;
using System.Threading;

namespace Torsion;

/// <summary>
/// The <see cref="SynchronizationContext"/> a reactor installs on its thread while it runs, so
/// an <c>await</c> in an async method started on the reactor thread resumes on it. Post goes
/// through <see cref="IReactorThreads.CallFromThread"/> (FIFO with other thread calls).
/// </summary>
internal sealed class ReactorSynchronizationContext : SynchronizationContext
{
    private readonly ReactorBase _reactor;

    public ReactorSynchronizationContext(ReactorBase reactor) => _reactor = reactor;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        // An await continuation arrives as a runtime helper whose state is the continuation itself
        // (the async method's MoveNext): name that, so slow-callback reports name the async method.
        _reactor.PostFromThread(d, state, state as Delegate ?? d);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (_reactor.IsReactorThread)
        {
            d(state);
            return;
        }

        Exception? error = null;
        using var done = new ManualResetEventSlim();
        _reactor.CallFromThread(() =>
        {
            try
            {
                d(state);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
