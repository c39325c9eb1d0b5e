using System;
using System.Collections.Generic;

namespace Torsion;

// Twisted's race (23.10+).
public partial class Deferred
{
    /// <summary>
    /// Fires with the position and value of the first of <paramref name="deferreds"/> to succeed,
    /// and cancels all the others (Twisted's <c>race</c>); the winner is not cancelled.
    /// </summary>
    /// <typeparam name="T">The inputs' result type.</typeparam>
    /// <param name="deferreds">The Deferreds to race; copied. With none, the result never fires (until cancelled).</param>
    /// <returns>
    /// A Deferred firing with <c>(Index, Result)</c> of the winner. If every input fails (or is
    /// cancelled), it fails with <see cref="FailureGroupException"/> holding their failures in input
    /// order. Cancelling it cancels every input; when they all fail as a result, it fails with
    /// <see cref="FailureGroupException"/>, otherwise with <see cref="CancelledException"/>.
    /// </returns>
    /// <remarks>
    /// The race consumes its inputs' results: callbacks added to an input afterwards see
    /// <c>default</c>, and no input reports its failure as unhandled. Results that arrive after the
    /// race was decided (from losers, or after the result was cancelled) are dropped silently. An
    /// exception thrown by an input's canceller is reported through <see cref="UnhandledFailures"/>;
    /// the other inputs are still cancelled and the winner's result is still delivered.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a handle retired by a type-changing callback.</exception>
    public static Deferred<(int Index, T Result)> Race<T>(IEnumerable<Deferred<T>> deferreds)
    {
        Deferred<T>[] inputs = MemberObservation.Copy(deferreds, nameof(deferreds));
        var state = new RaceState(inputs);
        var result = new Deferred<(int Index, T Result)>(_ => MemberObservation.CancelAll(state.Inputs, null, "a race"));
        for (int i = 0; i < inputs.Length; i++)
        {
            Deferred<T> input = inputs[i];
            int index = i;
            MemberObservation.Observe(input, () =>
            {
                Failure? failure = input.CurrentFailure;
                T value = failure is null ? input.CurrentValue : default!;
                input.ReleaseResult();
                if (failure is null)
                {
                    if (state.TryWin(index) && !result.Called)
                    {
                        result.ResolveAsTail((index, value));
                    }
                }
                else if (state.RecordFailure(index, failure) is { } all && !result.Called)
                {
                    result.ResolveAsTail((object)new Failure(new FailureGroupException(all)));
                }
            });
        }

        return result;
    }

    /// <summary>
    /// The untyped <see cref="Race{T}(IEnumerable{Deferred{T}})"/>: fires with <c>(Index, Result)</c>
    /// of the first input to succeed (the result boxed), cancels the others, and fails with
    /// <see cref="FailureGroupException"/> when every input fails. Cancelling it cancels every input.
    /// </summary>
    /// <param name="deferreds">The Deferreds to race; copied. With none, the result never fires (until cancelled).</param>
    /// <exception cref="ArgumentNullException"><paramref name="deferreds"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or is a handle retired by a type-changing callback.</exception>
    public static Deferred<(int Index, object? Result)> Race(IEnumerable<Deferred> deferreds)
    {
        Deferred[] inputs = MemberObservation.Copy(deferreds, nameof(deferreds));
        var state = new RaceState(inputs);
        var result = new Deferred<(int Index, object? Result)>(_ => MemberObservation.CancelAll(state.Inputs, null, "a race"));
        for (int i = 0; i < inputs.Length; i++)
        {
            Deferred input = inputs[i];
            int index = i;
            MemberObservation.Observe(input, () =>
            {
                Failure? failure = input.CurrentFailure;
                object? value = failure is null ? input.CurrentResultBoxed : null;
                input.ReleaseResult();
                if (failure is null)
                {
                    if (state.TryWin(index) && !result.Called)
                    {
                        result.ResolveAsTail((index, value));
                    }
                }
                else if (state.RecordFailure(index, failure) is { } all && !result.Called)
                {
                    result.ResolveAsTail((object)new Failure(new FailureGroupException(all)));
                }
            });
        }

        return result;
    }

    /// <summary>The bookkeeping of one race: the winner, and the failures so far.</summary>
    private sealed class RaceState
    {
        private readonly Failure?[] _failures;
        private int _failureCount;
        private bool _decided;

        public RaceState(Deferred[] inputs)
        {
            Inputs = inputs;
            _failures = new Failure?[inputs.Length];
        }

        public Deferred[] Inputs { get; }

        /// <summary>True for the first success only; it then cancels every other input.</summary>
        public bool TryWin(int index)
        {
            if (_decided)
            {
                return false;
            }

            _decided = true;
            MemberObservation.CancelAll(Inputs, Inputs[index], "a race");
            return true;
        }

        /// <summary>Records a failure; returns all failures in input order once every input has failed.</summary>
        public Failure[]? RecordFailure(int index, Failure failure)
        {
            if (_failures[index] is null)
            {
                _failures[index] = failure;
                _failureCount++;
            }

            if (_decided || _failureCount < _failures.Length)
            {
                return null;
            }

            _decided = true;
            return Array.ConvertAll(_failures, f => f!);
        }
    }
}
