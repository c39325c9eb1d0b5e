using System.Collections.Generic;
using Torsion;

namespace Torsion.Benchmarks.InlineCallbacks;

/// <summary>
/// A minimal run loop: Deferreds handed out by <see cref="Next"/> fire one per turn when
/// <see cref="RunUntilIdle"/> runs, as a reactor fires I/O results on its next iteration. Keeps the
/// measurement on inlineCallbacks itself rather than on a timer implementation.
/// </summary>
internal sealed class NextTurnQueue
{
    private readonly Queue<Deferred<int>> _pending = new();

    public Deferred<int> Next()
    {
        var deferred = new Deferred<int>();
        _pending.Enqueue(deferred);
        return deferred;
    }

    public void RunUntilIdle()
    {
        int turn = 0;
        while (_pending.TryDequeue(out Deferred<int>? deferred))
        {
            deferred.Callback(turn++);
        }
    }
}
