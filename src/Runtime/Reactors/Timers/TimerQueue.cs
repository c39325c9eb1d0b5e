using System;
using System.Collections.Generic;

namespace Torsion.Reactors.Timers;

/// <summary>
/// The reactor's pending delayed calls: a binary min-heap ordered by (time, sequence), so equal
/// deadlines run first-in first-out. Cancellation is lazy (the call stays in the heap, marked) and
/// the heap is compacted in O(n) once cancelled entries exceed 50 and half of it, so hundreds of
/// thousands of mostly cancelled timers stay cheap. New calls wait in a plain array until the loop
/// next looks at the queue (as Twisted's <c>_newTimedCalls</c> do): calls scheduled while timers run
/// wait for the next iteration, so a callback that reschedules itself with a zero delay cannot
/// starve the loop, and a call cancelled before then (a timeout whose answer came at once) never
/// enters the heap. The heap keeps each entry's key (deadline and sequence) inline next to the call,
/// so ordering never has to dereference a call.
/// </summary>
internal sealed class TimerQueue
{
    private readonly ReactorBase _reactor;
    private Entry[] _heap = new Entry[64];
    private int _count;
    private NewCall[] _newCalls = new NewCall[16];
    private int _newCallCount;
    private int _cancellationsInHeap;
    private long _sequence;

    public TimerQueue(ReactorBase reactor) => _reactor = reactor;

    public int HeapCount => _count;

    public int CancelledInHeap => _cancellationsInHeap;

    public double Seconds() => _reactor.Seconds();

    /// <summary>Reads the clock on the reactor thread, as the reactor's loop sees it (see <see cref="ReactorBase.ReadClock"/>).</summary>
    public double ReadClock() => _reactor.ReadClock();

    public void CheckThread() => _reactor.CheckThread();

    public long NextSequence() => ++_sequence;

    public DelayedCall Schedule(double time, Action func)
    {
        var call = new DelayedCall(this, time, func, ++_sequence);
        Add(call);
        return call;
    }

    public DelayedCall Schedule<TState>(double time, Action<TState> func, TState state)
    {
        var call = new StateDelayedCall<TState>(this, time, func, state, ++_sequence);
        Add(call);
        return call;
    }

    public void OnCancelled(DelayedCall call)
    {
        if (call.HeapIndex >= 0)
        {
            _cancellationsInHeap++;
        }
    }

    public void MoveSooner(DelayedCall call)
    {
        int index = call.HeapIndex;
        if (index >= 0)
        {
            SiftUp(index, new Entry(call));
        }
    }

    /// <summary>The call's sequence changed but not its time (a reset or delay that landed on the same deadline): re-place it.</summary>
    public void Resequenced(DelayedCall call)
    {
        int index = call.HeapIndex;
        if (index >= 0)
        {
            SiftDown(index, new Entry(call));
        }
    }

    /// <summary>Queues a new call for the heap (see <see cref="InsertNewCalls"/>).</summary>
    private void Add(DelayedCall call)
    {
        if (_newCallCount == _newCalls.Length)
        {
            Array.Resize(ref _newCalls, _newCalls.Length * 2);
        }

        _newCalls[_newCallCount++].Call = call;
    }

    /// <summary>Moves the calls scheduled since the last look into the heap, dropping those cancelled meanwhile.</summary>
    public void InsertNewCalls()
    {
        int count = _newCallCount;
        if (count == 0)
        {
            return;
        }

        // Push runs no user code, so no call can be added while the array is emptied.
        _newCallCount = 0;
        NewCall[] calls = _newCalls;
        for (int i = 0; i < count; i++)
        {
            DelayedCall call = calls[i].Call;
            calls[i].Call = null!;
            if (!call.Cancelled)
            {
                call.ActivateDelay();
                Push(call);
            }
        }
    }

    /// <summary>Seconds until the earliest call, clamped to [0, 2147483]; null when nothing is scheduled.</summary>
    public double? Timeout(double now)
        => TryPeekEarliest(out double time) ? Math.Clamp(time - now, 0.0, 2147483.0) : null;

    /// <summary>True when a call that is not cancelled is due at <paramref name="now"/> (new calls included).</summary>
    public bool HasDue(double now) => TryPeekEarliest(out double time) && time <= now;

    /// <summary>The time of the earliest call that is not cancelled, after moving new calls into the heap.</summary>
    private bool TryPeekEarliest(out double time)
    {
        InsertNewCalls();
        while (_count > 0 && _heap[0].Call.Cancelled)
        {
            PopCancelledTop();
        }

        time = _count > 0 ? _heap[0].Time : 0.0;
        return _count > 0;
    }

    /// <summary>
    /// Runs every call due at <paramref name="now"/>, in (time, sequence) order; calls scheduled
    /// meanwhile wait for the next run.
    /// </summary>
    public void RunDue(double now)
    {
        InsertNewCalls();
        while (_count > 0 && _heap[0].Time <= now)
        {
            var call = PopTop();
            if (call.Cancelled)
            {
                _cancellationsInHeap--;
                continue;
            }

            if (call.DelayedTime > 0.0)
            {
                call.ActivateDelay();
                Push(call);
                continue;
            }

            call.Called = true;
            _reactor.RunDelayedCall(call);
        }

        if (_cancellationsInHeap > 50 && _cancellationsInHeap > _count >> 1)
        {
            Compact();
        }
    }

    public List<IDelayedCall> ActiveCalls()
    {
        var result = new List<IDelayedCall>(_count + _newCallCount);
        for (int i = 0; i < _count; i++)
        {
            if (!_heap[i].Call.Cancelled)
            {
                result.Add(_heap[i].Call);
            }
        }

        for (int i = 0; i < _newCallCount; i++)
        {
            if (!_newCalls[i].Call.Cancelled)
            {
                result.Add(_newCalls[i].Call);
            }
        }

        return result;
    }

    private void PopCancelledTop()
    {
        PopTop();
        _cancellationsInHeap--;
    }

    private void Compact()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            var entry = _heap[i];
            if (entry.Call.Cancelled)
            {
                entry.Call.HeapIndex = -1;
            }
            else
            {
                entry.Call.HeapIndex = kept;
                _heap[kept++] = entry;
            }
        }

        Array.Clear(_heap, kept, _count - kept);
        _count = kept;
        _cancellationsInHeap = 0;
        for (int i = (_count >> 1) - 1; i >= 0; i--)
        {
            SiftDown(i, _heap[i]);
        }
    }

    private static bool Less(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);

    private void Push(DelayedCall call)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int index = _count++;
        SiftUp(index, new Entry(call));
    }

    private DelayedCall PopTop()
    {
        var top = _heap[0].Call;
        top.HeapIndex = -1;
        int last = --_count;
        if (last > 0)
        {
            Entry moved = _heap[last];
            _heap[last] = default;
            SiftDown(0, moved);
        }
        else
        {
            _heap[0] = default;
        }

        return top;
    }

    /// <summary>Places <paramref name="item"/> at or above the free slot <paramref name="index"/>.</summary>
    private void SiftUp(int index, Entry item)
    {
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            ref Entry p = ref _heap[parent];
            if (!Less(item, p))
            {
                break;
            }

            _heap[index] = p;
            p.Call.HeapIndex = index;
            index = parent;
        }

        _heap[index] = item;
        item.Call.HeapIndex = index;
    }

    /// <summary>Places <paramref name="item"/> at or below the free slot <paramref name="index"/>.</summary>
    private void SiftDown(int index, Entry item)
    {
        int half = _count >> 1;
        while (index < half)
        {
            int child = (index << 1) + 1;
            int right = child + 1;
            if (right < _count && Less(_heap[right], _heap[child]))
            {
                child = right;
            }

            ref Entry c = ref _heap[child];
            if (!Less(c, item))
            {
                break;
            }

            _heap[index] = c;
            c.Call.HeapIndex = index;
            index = child;
        }

        _heap[index] = item;
        item.Call.HeapIndex = index;
    }

    /// <summary>A slot of the new-calls array: a struct, so storing a call needs no array-covariance check.</summary>
    private struct NewCall
    {
        public DelayedCall Call;
    }

    /// <summary>A heap slot: the call and its ordering key, copied from it when it is (re)inserted.</summary>
    private readonly struct Entry
    {
        public readonly double Time;
        public readonly long Sequence;
        public readonly DelayedCall Call;

        public Entry(DelayedCall call)
        {
            Time = call.ScheduledTime;
            Sequence = call.Sequence;
            Call = call;
        }
    }
}
