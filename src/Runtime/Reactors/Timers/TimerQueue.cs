using System;
using System.Collections.Generic;

namespace Torsion.Reactors.Timers;

/// <summary>
/// The reactor's pending delayed calls: a binary min-heap ordered by (time, sequence), so equal
/// deadlines run first-in first-out. Cancellation is lazy (the call stays in the heap, marked) and
/// the heap is compacted in O(n) once cancelled entries exceed 50 and half of it, so hundreds of
/// thousands of mostly cancelled timers stay cheap. Calls scheduled while timers run wait for the
/// next iteration (they are kept in a separate list until then), so a callback that reschedules
/// itself with a zero delay cannot starve the loop.
/// </summary>
internal sealed class TimerQueue
{
    private readonly ReactorBase _reactor;
    private DelayedCall[] _heap = new DelayedCall[64];
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
        if (call.HeapIndex >= 0)
        {
            SiftUp(call.HeapIndex);
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
        while (_count > 0 && _heap[0].Cancelled)
        {
            PopCancelledTop();
        }

        if (_count == 0)
        {
            return null;
        }

        return Math.Clamp(_heap[0].ScheduledTime - now, 0.0, 2147483.0);
    }

    /// <summary>Runs every call due at <paramref name="now"/>, in (time, sequence) order.</summary>
    public void RunDue(double now)
    {
        InsertNewCalls();
        while (_count > 0 && _heap[0].ScheduledTime <= now)
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
            if (!_heap[i].Cancelled)
            {
                result.Add(_heap[i]);
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
            var call = _heap[i];
            if (call.Cancelled)
            {
                call.HeapIndex = -1;
            }
            else
            {
                call.HeapIndex = kept;
                _heap[kept++] = call;
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

    private static bool Less(DelayedCall a, DelayedCall b) =>
        a.ScheduledTime < b.ScheduledTime || (a.ScheduledTime == b.ScheduledTime && a.Sequence < b.Sequence);

    private void Push(DelayedCall call)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[_count] = call;
        call.HeapIndex = _count;
        _count++;
        SiftUp(_count - 1);
    }

    private DelayedCall PopTop()
    {
        var top = _heap[0];
        top.HeapIndex = -1;
        _count--;
        if (_count > 0)
        {
            var last = _heap[_count];
            _heap[0] = last;
            last.HeapIndex = 0;
            SiftDown(0);
        }

        _heap[_count] = null!;
        return top;
    }

    private void SiftUp(int index)
    {
        var item = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) >> 1;
            var p = _heap[parent];
            if (!Less(item, p))
            {
                break;
            }

            _heap[index] = p;
            p.HeapIndex = index;
            index = parent;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        var item = _heap[index];
        int half = _count >> 1;
        while (index < half)
        {
            int child = (index << 1) + 1;
            var c = _heap[child];
            int right = child + 1;
            if (right < _count && Less(_heap[right], c))
            {
                child = right;
                c = _heap[child];
            }

            if (!Less(c, item))
            {
                break;
            }

            _heap[index] = c;
            c.HeapIndex = index;
            index = child;
        }

        _heap[index] = item;
        item.HeapIndex = index;
    }
}
