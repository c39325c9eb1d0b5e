namespace Torsion;

public partial class Deferred
{
    /// <summary>
    /// True when the Deferred has its result and its chain has nothing left to run: it is not in the
    /// middle of running its callbacks (one of which may have fired something that resumed the
    /// caller), and no step is queued. An observer that finds it false adds a continuation and
    /// waits, so it sees the result the chain ends with (Twisted: a generator that yields a Deferred
    /// whose callbacks are running resumes after they have run).
    /// </summary>
    internal bool HasFinalResult => IsFinal(System.Threading.Volatile.Read(ref _flags));

    /// <summary>
    /// <see cref="HasFinalResult"/> and the result is a value, not a failure: an observer can take it
    /// and go on. A Deferred created with its value that never had a step
    /// (<see cref="BornSucceededFlag"/>) is decided by its flags alone.
    /// </summary>
    internal bool HasFinalValue
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get
        {
            int flags = System.Threading.Volatile.Read(ref _flags);
            if ((flags & (CalledFlag | PausedFlag | BornSucceededFlag)) == (CalledFlag | BornSucceededFlag))
            {
                return true;
            }

            return IsFinal(flags) && !IsFailing;
        }
    }

    /// <summary><see cref="HasFinalResult"/> for <paramref name="flags"/>, a reading of the flags.</summary>
    private bool IsFinal(int flags)
        => (flags & (CalledFlag | PausedFlag | WaitingFlag | RunningFlag)) == CalledFlag && _stepHead == _stepTail;

    /// <summary>The current result is a failure (fired or not; see <see cref="IsFailed"/> for the public form).</summary>
    internal bool IsFailing => _result is Failure;
}
