using System;
using System.Collections.Generic;
using Torsion.Testing;
using static Torsion.Tests.Tasks.DeferredResults;

namespace Torsion.Tests.Tasks;

/// <summary>
/// Pause, resume, stop and completion of a <see cref="CooperativeTask"/> (Twisted's RunStateTests): a
/// cooperator with a fake scheduler that does one unit of work per tick.
/// </summary>
public sealed class CooperativeTaskTests
{
    private readonly FakeScheduler _scheduler = new();
    private readonly Cooperator _cooperator;
    private readonly List<object?> _work = new();
    private readonly CooperativeTask _task;
    private readonly IEnumerator<object?> _iterator;
    private bool _deferNext;
    private bool _stopNext;
    private bool _dieNext;

    public CooperativeTaskTests()
    {
        _cooperator = new Cooperator(() => () => true, _scheduler.Schedule);
        _iterator = Worker().GetEnumerator();
        _task = _cooperator.Cooperate(_iterator);
        _cooperator.Start();
    }

    private IEnumerable<object?> Worker()
    {
        int i = 0;
        while (true)
        {
            i++;
            if (_deferNext)
            {
                _deferNext = false;
                var d = new Deferred();
                _work.Add(d);
                yield return d;
            }
            else if (_stopNext)
            {
                yield break;
            }
            else if (_dieNext)
            {
                throw new TestException();
            }
            else
            {
                _work.Add(i);
                yield return i;
            }
        }
    }

    [Fact]
    public void Pause_StopsTheTaskFromRunningUntilResumed()
    {
        _scheduler.Pump();
        Assert.Equal(new object?[] { 1 }, _work);
        _scheduler.Pump();
        Assert.Equal(new object?[] { 1, 2 }, _work);

        _task.Pause();
        _scheduler.Pump();
        Assert.Equal(new object?[] { 1, 2 }, _work);
        _task.Resume();
        Assert.Equal(new object?[] { 1, 2 }, _work);
        _scheduler.Pump();
        Assert.Equal(new object?[] { 1, 2, 3 }, _work);
    }

    [Fact]
    public void Resume_WhenNotPaused_ThrowsNotPaused()
    {
        Assert.Throws<NotPausedException>(_task.Resume);
        _task.Pause();
        _task.Resume();
        Assert.Throws<NotPausedException>(_task.Resume);
    }

    [Fact]
    public void Pause_Twice_NeedsTwoResumes()
    {
        _task.Pause();
        _scheduler.Pump();
        Assert.Empty(_work);
        _task.Pause();
        _scheduler.Pump();
        Assert.Empty(_work);
        _task.Resume();
        _scheduler.Pump();
        Assert.Empty(_work);
        _task.Resume();
        _scheduler.Pump();
        Assert.Equal(new object?[] { 1 }, _work);
    }

    [Fact]
    public void Pause_WhileWaitingOnAYieldedDeferred_NeedsBothTheDeferredAndAResume()
    {
        _deferNext = true;
        _scheduler.Pump();
        Deferred yielded = Assert.IsType<Deferred>(Assert.Single(_work));
        _scheduler.Pump();
        Assert.Single(_work);
        _task.Pause();
        _scheduler.Pump();
        Assert.Single(_work);
        _task.Resume();
        _scheduler.Pump();
        Assert.Single(_work);
        yielded.Callback("STUFF!");
        _scheduler.Pump();
        Assert.Equal(2, _work.Count);
        Assert.Equal(2, _work[1]);
    }

    [Fact]
    public void WhenDone_ReturnsANewDeferredEachCallThatFiresWithTheIterator()
    {
        Deferred<IEnumerator<object?>> first = _task.WhenDone();
        Deferred<IEnumerator<object?>> second = _task.WhenDone();
        Assert.NotSame(first, second);
        var results = new List<object?>();
        Deferred<int> firstFinal = first.AddCallback(iterator =>
        {
            results.Add(iterator);
            return 1;
        });
        Deferred<int> secondFinal = second.AddCallback(iterator =>
        {
            results.Add(iterator);
            return 2;
        });

        _stopNext = true;
        _scheduler.Pump();

        Assert.Equal(new object?[] { _iterator, _iterator }, results);
        Assert.Equal(1, SuccessOf(firstFinal));
        Assert.Equal(2, SuccessOf(secondFinal));
    }

    [Fact]
    public void WhenDone_FailsWithTheIteratorsException()
    {
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        _dieNext = true;
        _scheduler.Pump();
        FailureOf<TestException>(done);
    }

    [Fact]
    public void WhenDone_FailsWithTaskStoppedWhenTheTaskIsStopped()
    {
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        _task.Stop();
        FailureOf<TaskStoppedException>(done);
    }

    [Fact]
    public void WhenDone_AfterTheTaskRanOut_ReturnsAnAlreadyFiredDeferred()
    {
        _stopNext = true;
        _scheduler.Pump();
        Assert.Same(_iterator, SuccessOf(_task.WhenDone()));
    }

    [Fact]
    public void WhenDone_AfterTheTaskFailed_ReturnsAnAlreadyFailedDeferredEachTime()
    {
        _dieNext = true;
        _scheduler.Pump();
        FailureOf<TestException>(_task.WhenDone());
        FailureOf<TestException>(_task.WhenDone());
    }

    [Fact]
    public void Stop_RemovesTheTaskAndLaterStopOrPauseThrowTaskStopped()
    {
        _task.Stop();
        _scheduler.Pump();
        Assert.Empty(_work);
        Assert.Throws<TaskStoppedException>(_task.Stop);
        Assert.Throws<TaskStoppedException>(_task.Pause);
        _scheduler.Pump();
        Assert.Empty(_work);
    }

    [Fact]
    public void Resume_OfAPausedTaskThatWasStopped_DoesNothing()
    {
        _task.Pause();
        _task.Stop();
        _task.Resume();
        _scheduler.Pump();
        Assert.Empty(_work);
    }

    [Fact]
    public void Stop_WhileWaitingOnAYieldedDeferred_DoesNotResumeWhenItFiresAndConsumesItsResult()
    {
        _deferNext = true;
        _scheduler.Pump();
        var yielded = (Deferred)_work[0]!;
        _work.Clear();
        var results = new List<object?>();
        yielded.AddBoth(r => results.Add(r));
        _scheduler.Pump();
        _task.Stop();
        _scheduler.Pump();
        yielded.Callback(7);
        _scheduler.Pump();
        Assert.Equal(new object?[] { null }, results);
        Assert.Empty(_work);
    }

    [Fact]
    public void Stop_WhileWaitingOnAYieldedDeferredThatThenFails_KeepsTaskStoppedAndHandlesTheFailure()
    {
        _deferNext = true;
        _scheduler.Pump();
        var yielded = (Deferred)_work[0]!;
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        _task.Stop();
        yielded.Errback(new TestException());
        FailureOf<TaskStoppedException>(done);
        Assert.Throws<TaskStoppedException>(_task.Stop);
        Assert.Null(SuccessOf(yielded));
    }

    [Fact]
    public void Stop_AfterTheTaskRanOut_ThrowsTaskDone()
    {
        _stopNext = true;
        _scheduler.Pump();
        Assert.Throws<TaskDoneException>(_task.Stop);
    }

    [Fact]
    public void Pause_AfterTheTaskRanOut_ThrowsTaskDone()
    {
        _stopNext = true;
        _scheduler.Pump();
        Assert.Throws<TaskDoneException>(_task.Pause);
    }

    [Fact]
    public void Stop_AfterTheTaskFailed_ThrowsTaskFailed()
    {
        _dieNext = true;
        _scheduler.Pump();
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        FailureOf<TestException>(done);
        Assert.Throws<TaskFailedException>(_task.Stop);
    }

    [Fact]
    public void Stop_AfterTheCooperatorStopped_ThrowsSchedulerStopped()
    {
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        _cooperator.Stop();
        FailureOf<SchedulerStoppedException>(done);
        Assert.Throws<SchedulerStoppedException>(_task.Stop);
        Assert.Throws<SchedulerStoppedException>(_task.Pause);
    }

    [Fact]
    public void Resume_OfAPausedTaskAfterTheCooperatorStopped_EndsItWithSchedulerStopped()
    {
        _task.Pause();
        _cooperator.Stop();
        Deferred<IEnumerator<object?>> done = _task.WhenDone();
        NoResult(done);
        _task.Resume();
        FailureOf<SchedulerStoppedException>(done);
    }

    [Fact]
    public void StoppingTheCooperatorFromAWhenDoneCallback_Works()
    {
        var phases = new List<object?>();
        _task.WhenDone().AddCallback(iterator =>
        {
            phases.Add(iterator);
            _cooperator.Stop();
            phases.Add("done");
        });
        _stopNext = true;
        _scheduler.Pump();
        Assert.Equal(new object?[] { _iterator, "done" }, phases);
    }

    [Fact]
    public void FinishedErrors_AreTaskFinishedAndSchedulerErrors()
    {
        Assert.IsAssignableFrom<TaskFinishedException>(new TaskDoneException());
        Assert.IsAssignableFrom<TaskFinishedException>(new TaskStoppedException());
        Assert.IsAssignableFrom<TaskFinishedException>(new TaskFailedException());
        Assert.IsAssignableFrom<SchedulerErrorException>(new TaskDoneException());
        Assert.IsAssignableFrom<SchedulerErrorException>(new SchedulerStoppedException());
        Assert.IsAssignableFrom<SchedulerErrorException>(new NotPausedException());
        Assert.False(typeof(TaskFinishedException).IsAssignableFrom(typeof(SchedulerStoppedException)));
    }
}

/// <summary>The iterator of a task is disposed when the task ends, as <c>foreach</c> disposes it.</summary>
public sealed class CooperativeTaskDisposalTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private static IEnumerable<object?> Endless(List<string> log)
    {
        try
        {
            while (true)
            {
                yield return null;
            }
        }
        finally
        {
            log.Add("finally");
        }
    }

    [Fact]
    public void Stop_DisposesTheIteratorSoItsFinallyBlocksRun()
    {
        var clock = new Clock();
        var log = new List<string>();
        CooperativeTask task = new Cooperator(clock).Cooperate(Endless(log));
        task.WhenDone().AddErrback(_ => { });
        clock.Advance(OneTick);
        Assert.Empty(log);
        task.Stop();
        Assert.Equal(new[] { "finally" }, log);
    }

    [Fact]
    public void Stop_DisposesTheIteratorBeforeTheWhenDoneDeferredsFire()
    {
        var clock = new Clock();
        var log = new List<string>();
        CooperativeTask task = new Cooperator(clock).Cooperate(Endless(log));
        task.WhenDone().AddErrback(_ => log.Add("whenDone"));
        clock.Advance(OneTick);
        task.Stop();
        Assert.Equal(new[] { "finally", "whenDone" }, log);
    }

    [Fact]
    public void StoppingTheCooperator_DisposesEveryTasksIterator()
    {
        var clock = new Clock();
        var log = new List<string>();
        var cooperator = new Cooperator(clock);
        cooperator.CoIterate(Endless(log)).AddErrback(_ => { });
        cooperator.CoIterate(Endless(log)).AddErrback(_ => { });
        clock.Advance(OneTick);
        Assert.Empty(log);
        cooperator.Stop();
        Assert.Equal(new[] { "finally", "finally" }, log);
    }

    [Fact]
    public void RunningOut_DisposesTheIterator()
    {
        var clock = new Clock();
        var iterator = new RecordingEnumerator(itemCount: 1);
        Deferred<IEnumerator<object?>> done = new Cooperator(clock).CoIterate(iterator);
        clock.Advance(OneTick);
        Assert.Same(iterator, SuccessOf(done));
        Assert.True(iterator.Disposed);
    }

    [Fact]
    public void Stop_WhenDisposingThrows_StopsTheTaskThenPropagatesTheException()
    {
        var iterator = new RecordingEnumerator(itemCount: 5) { DisposeError = new TestException("dispose") };
        CooperativeTask task = new Cooperator(new Clock()).Cooperate(iterator);
        Deferred<IEnumerator<object?>> done = task.WhenDone();
        var error = Assert.Throws<TestException>(task.Stop);
        Assert.Equal("dispose", error.Message);
        FailureOf<TaskStoppedException>(done);
    }

    [Fact]
    public void RunningOut_WhenDisposingThrows_FailsTheTaskWithThatException()
    {
        var clock = new Clock();
        var iterator = new RecordingEnumerator(itemCount: 0) { DisposeError = new TestException("dispose") };
        Deferred<IEnumerator<object?>> done = new Cooperator(clock).CoIterate(iterator);
        clock.Advance(OneTick);
        Assert.Equal("dispose", FailureOf<TestException>(done).Value.Message);
    }

    private sealed class RecordingEnumerator : IEnumerator<object?>
    {
        private int _remaining;

        public RecordingEnumerator(int itemCount) => _remaining = itemCount;

        public Exception? DisposeError { get; init; }

        public bool Disposed { get; private set; }

        public object? Current => null;

        public bool MoveNext() => _remaining-- > 0;

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            Disposed = true;
            if (DisposeError is not null)
            {
                throw DisposeError;
            }
        }
    }
}
