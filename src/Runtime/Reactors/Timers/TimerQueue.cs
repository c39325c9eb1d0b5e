using System;
using System.Collections.Generic;

namespace Torsion.Reactors.Timers;

/// <summary>
/// The reactor's pending delayed calls: a binary min-heap ordered by (time, sequence), so equal
/// deadlines run first-in first-out. Cancellation is lazy (the call stays in the heap, marked) and
/// the heap is compacted in O(n) once cancelled entries exceed 50 and half of it, so hundreds of
/// thousands of mostly cancelled timers stay cheap. Calls scheduled while timers run wait for the
/// next iteration (they are kept in a separate list until then), so a callback that reschedules
/// itself with a zero delay cannot starve the loop. The heap keeps each entry's key (deadline and
/// sequence) inline next to the call, so ordering never has to dereference a call.
/// </summary>
internal sealed class TimerQueue
{
    private readonly ReactorBase _reactor;
    private Entry[] _heap = new Entry[64];
    private int _count;
    private List<DelayedCall> _newCalls = new();
    private List<DelayedCall> _spareNewCalls = new();
    private int _cancellationsInHeap;
    private long _sequence;

    public TimerQueue(ReactorBase reactor) => _reactor = reactor;

    public int HeapCount => _count;

    public int CancelledInHeap => _cancellationsInHeap;

    public double Seconds() => _reactor.Seconds();

    public void CheckThread() => _reactor.CheckThread();

    public long NextSequence() => ++_sequence;

    public DelayedCall Schedule(double time, Action func)
    {
        var call = new DelayedCall(this, time, func, ++_sequence);
        _newCalls.Add(call);
        return call;
    }

    public DelayedCall Schedule<TState>(double time, Action<TState> func, TState state)
    {
        var call = new StateDelayedCall<TState>(this, time, func, state, ++_sequence);
        _newCalls.Add(call);
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
            _heap[index] = new Entry(call);
            SiftUp(index);
        }
    }

    /// <summary>The call's sequence changed but not its time (a reset or delay that landed on the same deadline): re-place it.</summary>
    public void Resequenced(DelayedCall call)
    {
        int index = call.HeapIndex;
        if (index >= 0)
        {
            _heap[index] = new Entry(call);
            SiftDown(index);
        }
    }

    public void InsertNewCalls()
    {
        if (_newCalls.Count == 0)
        {
            return;
        }

        // Swap lists first: a call scheduled while inserting (impossible today) would not be lost.
        var calls = _newCalls;
        _newCalls = _spareNewCalls;
        foreach (var call in calls)
        {
            if (!call.Cancelled)
            {
                call.ActivateDelay();
                Push(call);
            }
        }

        calls.Clear();
        _spareNewCalls = calls;
    }

    /// <summary>Seconds until the earliest call, clamped to [0, 2147483]; null when nothing is scheduled.</summary>
    public double? Timeout(double now)
    {
        InsertNewCalls();
        while (_count > 0 && _heap[0].Call.Cancelled)
        {
            PopCancelledTop();
        }

        if (_count == 0)
        {
            return null;
        }

        return Math.Clamp(_heap[0].Time - now, 0.0, 2147483.0);
    }

    /// <summary>Runs every call due at <paramref name="now"/>, in (time, sequence) order.</summary>
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
        var result = new List<IDelayedCall>(_count + _newCalls.Count);
        for (int i = 0; i < _count; i++)
        {
            if (!_heap[i].Call.Cancelled)
            {
                result.Add(_heap[i].Call);
            }
        }

        foreach (var call in _newCalls)
        {
            if (!call.Cancelled)
            {
                result.Add(call);
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
            SiftDown(i);
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

        _heap[_count] = new Entry(call);
        call.HeapIndex = _count;
        _count++;
        SiftUp(_count - 1);
    }

    private DelayedCall PopTop()
    {
        var top = _heap[0].Call;
        top.HeapIndex = -1;
        _count--;
        if (_count > 0)
        {
            _heap[0] = _heap[_count];
            SiftDown(0);
        }

        _heap[_count] = default;
        return top;
    }

    private void SiftUp(int index)
    {
        var item = _heap[index];
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

    private void SiftDown(int index)
    {
        var item = _heap[index];
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
