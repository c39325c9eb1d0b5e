using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace Torsion;

/// <summary>
/// An iterator being run, one item at a time, by a <see cref="Cooperator"/> (Twisted's
/// <c>task.CooperativeTask</c>). It can be paused, resumed and stopped, and its completion can be
/// awaited with <see cref="WhenDone"/>. Created by <see cref="Cooperator.Cooperate(IEnumerator{object})"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each unit of work is one <see cref="System.Collections.IEnumerator.MoveNext"/> of the iterator. When the
/// iterator yields a <see cref="Deferred"/>, the task pauses until that Deferred fires; if it fails, the task
/// fails with that failure. Any other yielded value is ignored.
/// </para>
/// <para>
/// A task ends in exactly one way: done (the iterator ran out), stopped (<see cref="Stop"/>), failed (the
/// iterator threw, or a Deferred it yielded failed), or scheduler-stopped (its cooperator was stopped).
/// The iterator is disposed when the task ends, as a <c>foreach</c> loop would dispose it, so
/// <c>finally</c> blocks and <c>using</c> statements in an iterator method run even when the task is
/// stopped early. If disposing throws, the task fails with that exception when it ended by running out or
/// by failing (as <c>foreach</c> would report it); when it was stopped, the exception propagates to the
/// caller of <see cref="Stop"/> (or <see cref="Cooperator.Stop"/>) after the task has been stopped.
/// </para>
/// <para>Like its cooperator, a task must be used from the reactor's thread.</para>
/// </remarks>
public sealed class CooperativeTask
{
    private readonly IEnumerator<object?> _iterator;
    private readonly Cooperator _cooperator;
    private List<Deferred<IEnumerator<object?>>>? _waiting;
    private int _pauseCount;
    private Completion _completion;
    private Failure? _failure;

    internal CooperativeTask(IEnumerator<object?> iterator, Cooperator cooperator)
    {
        _iterator = iterator;
        _cooperator = cooperator;
        cooperator.AddTask(this);
    }

    private enum Completion
    {
        None,
        Done,
        Stopped,
        Failed,
        SchedulerStopped,
    }

    /// <summary>
    /// Returns a new Deferred that fires when the task ends (Twisted's <c>whenDone</c>): with the iterator
    /// when it ran out; with the iterator's or the yielded Deferred's failure when it failed; with
    /// <see cref="TaskStoppedException"/> when it was stopped; with <see cref="SchedulerStoppedException"/>
    /// when its cooperator was stopped. Each call returns a different Deferred; after the task ended, the
    /// Deferred returned has already fired.
    /// </summary>
    /// <returns>The new Deferred.</returns>
    public Deferred<IEnumerator<object?>> WhenDone()
    {
        var done = new Deferred<IEnumerator<object?>>();
        if (_completion == Completion.None)
        {
            (_waiting ??= new List<Deferred<IEnumerator<object?>>>()).Add(done);
        }
        else
        {
            if (_unobservedFailure is { } unobserved)
            {
                _unobservedFailure = null;
                unobserved.MarkFailureHandled();
            }

            Fire(done);
        }

        return done;
    }

    /// <summary>
    /// Pauses the task: it does no more work until <see cref="Resume"/> has been called as many times as
    /// <see cref="Pause"/> was.
    /// </summary>
    /// <exception cref="TaskDoneException">The task already ran out.</exception>
    /// <exception cref="TaskStoppedException">The task was stopped.</exception>
    /// <exception cref="TaskFailedException">The task failed.</exception>
    /// <exception cref="SchedulerStoppedException">The task's cooperator was stopped.</exception>
    public void Pause()
    {
        ThrowIfFinished();
        _pauseCount++;
        if (_pauseCount == 1)
        {
            _cooperator.RemoveTask(this);
        }
    }

    /// <summary>
    /// Undoes one <see cref="Pause"/>; the last one puts the task back into its cooperator's rotation (at
    /// the end). Resuming a task whose cooperator has been stopped ends it with
    /// <see cref="SchedulerStoppedException"/>. Resuming a task that ended while paused only counts down.
    /// </summary>
    /// <exception cref="NotPausedException">The task is not paused.</exception>
    public void Resume()
    {
        if (_pauseCount == 0)
        {
            throw new NotPausedException();
        }

        _pauseCount--;
        if (_pauseCount == 0 && _completion == Completion.None)
        {
            _cooperator.AddTask(this);
        }
    }

    /// <summary>
    /// Stops the task: it does no more work, its iterator is disposed, and the Deferreds from
    /// <see cref="WhenDone"/> fail with <see cref="TaskStoppedException"/>.
    /// </summary>
    /// <exception cref="TaskDoneException">The task already ran out.</exception>
    /// <exception cref="TaskStoppedException">The task was already stopped.</exception>
    /// <exception cref="TaskFailedException">The task failed.</exception>
    /// <exception cref="SchedulerStoppedException">The task's cooperator was stopped.</exception>
    /// <exception cref="Exception">Whatever disposing the iterator threw; the task is stopped all the same.</exception>
    public void Stop()
    {
        ThrowIfFinished();
        Exception? disposeError = DisposeIterator();
        CompleteWith(Completion.Stopped, new Failure(new TaskStoppedException()));
        if (disposeError is not null)
        {
            ExceptionDispatchInfo.Throw(disposeError);
        }
    }

    /// <summary>
    /// Ends the task because its cooperator is (or was) stopped. Does nothing if the task already ended.
    /// </summary>
    /// <returns>What disposing the iterator threw, for the caller to report; null normally.</returns>
    internal Exception? CompleteBecauseSchedulerStopped()
    {
        if (_completion != Completion.None)
        {
            return null;
        }

        Exception? disposeError = DisposeIterator();
        CompleteWith(Completion.SchedulerStopped, new Failure(new SchedulerStoppedException()));
        return disposeError;
    }

    /// <summary>
    /// Does one unit of work: advances the iterator once, ending the task if it ran out or threw and
    /// pausing it while a yielded Deferred is pending (Twisted's <c>_oneWorkUnit</c>).
    /// </summary>
    internal void OneWorkUnit()
    {
        bool hasItem;
        object? item;
        try
        {
            hasItem = _iterator.MoveNext();
            item = hasItem ? _iterator.Current : null;
        }
        catch (Exception error)
        {
            Exception? disposeError = DisposeIterator();
            CompleteWith(Completion.Failed, new Failure(disposeError ?? error));
            return;
        }

        if (!hasItem)
        {
            Exception? disposeError = DisposeIterator();
            if (disposeError is null)
            {
                CompleteWith(Completion.Done, null);
            }
            else
            {
                CompleteWith(Completion.Failed, new Failure(disposeError));
            }

            return;
        }

        if (item is Deferred pending)
        {
            Pause();
            pending.AddCallbacks(ResumeAfterDeferred, FailAfterDeferred);
        }
    }

    private object? ResumeAfterDeferred(object? ignored)
    {
        Resume();
        return null;
    }

    /// <summary>
    /// A yielded Deferred failed: the task fails with that failure. If the task already ended meanwhile
    /// (it was stopped while it waited), the failure is dropped: the task's outcome is already decided.
    /// </summary>
    private object? FailAfterDeferred(Failure failure)
    {
        if (_completion == Completion.None)
        {
            Exception? disposeError = DisposeIterator();
            CompleteWith(Completion.Failed, disposeError is null ? failure : new Failure(disposeError));
        }

        return null;
    }

    private void ThrowIfFinished()
    {
        switch (_completion)
        {
            case Completion.Done:
                throw new TaskDoneException();
            case Completion.Stopped:
                throw new TaskStoppedException();
            case Completion.Failed:
                throw new TaskFailedException();
            case Completion.SchedulerStopped:
                throw new SchedulerStoppedException();
        }
    }

    private Exception? DisposeIterator()
    {
        try
        {
            _iterator.Dispose();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    /// <summary>
    /// Records how the task ended, leaves the cooperator's rotation, then fires the waiting Deferreds:
    /// last, so that their callbacks see the cooperator already without this task.
    /// </summary>
    private void CompleteWith(Completion completion, Failure? failure)
    {
        _completion = completion;
        _failure = failure;
        if (_pauseCount == 0)
        {
            _cooperator.RemoveTask(this);
        }

        List<Deferred<IEnumerator<object?>>>? waiting = _waiting;
        _waiting = null;
        if (waiting is not null)
        {
            foreach (Deferred<IEnumerator<object?>> done in waiting)
            {
                Fire(done);
            }
        }
        else if (completion == Completion.Failed && failure is not null)
        {
            // Nobody asked WhenDone: the failure is kept in a failed Deferred that a later WhenDone
            // handles, and that reports it as unhandled if the task is dropped first.
            _unobservedFailure = new Deferred<IEnumerator<object?>>();
            _unobservedFailure.Errback(failure);
        }
    }

    /// <summary>The failure of a task nobody awaited with <see cref="WhenDone"/> (see <see cref="CompleteWith"/>).</summary>
    private Deferred<IEnumerator<object?>>? _unobservedFailure;

    private void Fire(Deferred<IEnumerator<object?>> done)
    {
        if (_failure is not null)
        {
            done.Errback(_failure);
        }
        else
        {
            done.Callback(_iterator);
        }
    }
}
