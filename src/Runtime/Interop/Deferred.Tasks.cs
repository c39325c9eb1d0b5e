using System;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion;

// Bridges between Deferreds and .NET tasks (Twisted's fromFuture/asFuture, in .NET terms).
public partial class Deferred
{
    /// <summary>
    /// A Deferred that fires when <paramref name="task"/> completes: with null on success, with the
    /// task's exception (its stack trace kept) on failure, with <see cref="CancelledException"/> if the
    /// task was cancelled. The Deferred fires through the <see cref="SynchronizationContext"/> current
    /// at this call (a running reactor installs one, so the chain runs on the reactor thread); with no
    /// context, on the thread that completes the task.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    public static Deferred FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var deferred = new Deferred();
        TaskBridge.WhenComplete(task, deferred, static (t, d) =>
        {
            if (TaskBridge.FailureOf(t) is { } failure)
            {
                d.FireIfUnfired(failure);
            }
            else
            {
                d.FireIfUnfired(null);
            }
        });
        return deferred;
    }

    /// <summary>
    /// A Deferred that fires with <paramref name="task"/>'s result when it completes. See
    /// <see cref="FromTask(Task)"/> for failures, cancellation and the thread it fires on.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    public static Deferred<T> FromTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var deferred = new Deferred<T>();
        TaskBridge.WhenComplete(task, deferred, static (t, d) =>
        {
            var typed = (Deferred<T>)d;
            if (TaskBridge.FailureOf(t) is { } failure)
            {
                typed.FireIfUnfired(failure);
            }
            else
            {
                typed.FireIfUnfiredWith(((Task<T>)t).Result);
            }
        });
        return deferred;
    }

    /// <summary>
    /// Starts <paramref name="start"/> with a cancellation token and returns a Deferred for its task;
    /// cancelling the Deferred cancels the token (cancellation bridged from Deferred to task). The
    /// Deferred then fails with <see cref="CancelledException"/> at once, whatever the task does later.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="start"/> is null.</exception>
    public static Deferred<T> FromTask<T>(Func<CancellationToken, Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var source = new CancellationTokenSource();
        Task<T> task;
        try
        {
            task = start(source.Token);
        }
        catch (Exception exception)
        {
            source.Dispose();
            return Fail<T>(Failure.FromCaught(exception, null, start));
        }

        Deferred<T> deferred = FromTask(task);
        if (!deferred.Called)
        {
            deferred._link = (Action<Deferred>)(_ => source.Cancel());
        }
        task.ContinueWith(static (_, s) => ((CancellationTokenSource)s!).Dispose(), source, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return deferred;
    }

    /// <summary>
    /// A task that completes with this Deferred's result at this point of its chain: the value
    /// (boxed), the failure's exception, or cancellation for <see cref="CancelledException"/>. The
    /// chain goes on unchanged, and a failure handed to the task counts as handled.
    /// </summary>
    /// <param name="cancellationToken">
    /// Cancelling it cancels this Deferred (through the synchronization context current at this
    /// call, if any, so the Deferred is cancelled on its own thread).
    /// </param>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public Task<object?> AsTask(CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        RegisterCancellation(cancellationToken);
        AddContinuation(() =>
        {
            if (CurrentFailure is { } failure)
            {
                MarkFailureHandled();
                TaskBridge.SetFailure(completion, failure);
            }
            else
            {
                completion.TrySetResult(GetValueBoxed());
            }
        });
        return completion.Task;
    }

    /// <summary>Cancels this Deferred when <paramref name="cancellationToken"/> is cancelled (on the captured synchronization context, if any).</summary>
    private protected void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        SynchronizationContext? context = SynchronizationContext.Current;
        CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            if (context is null)
            {
                Cancel();
            }
            else
            {
                context.Post(static state => ((Deferred)state!).Cancel(), this);
            }
        });
        AddContinuation(() => registration.Dispose());
    }

    /// <summary>Fires with <paramref name="result"/> unless already fired (a late result after a cancel is dropped).</summary>
    internal void FireIfUnfired(object? result)
    {
        if (Called)
        {
            _flags &= ~SuppressAlreadyCalledFlag;
            return;
        }

        Callback(result);
    }
}

public partial class Deferred<T>
{
    /// <summary>
    /// A task that completes with this Deferred's value at this point of its chain. See
    /// <see cref="Deferred.AsTask(CancellationToken)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This handle was retired by a type-changing callback.</exception>
    public new Task<T> AsTask(CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        RegisterCancellation(cancellationToken);
        AddContinuation(() =>
        {
            if (CurrentFailure is { } failure)
            {
                MarkFailureHandled();
                TaskBridge.SetFailure(completion, failure);
            }
            else
            {
                completion.TrySetResult(CurrentValue);
            }
        });
        return completion.Task;
    }

    /// <summary>Fires with <paramref name="value"/> unless already fired.</summary>
    internal void FireIfUnfiredWith(T value)
    {
        if (Called)
        {
            _flags &= ~SuppressAlreadyCalledFlag;
            return;
        }

        Callback(value);
    }
}

/// <summary>Task plumbing shared by the bridges.</summary>
internal static class TaskBridge
{
    /// <summary>Runs <paramref name="onComplete"/> when the task completes, on the current synchronization context if there is one.</summary>
    public static void WhenComplete(Task task, Deferred deferred, Action<Task, Deferred> onComplete)
    {
        if (task.IsCompleted)
        {
            onComplete(task, deferred);
            return;
        }

        TaskScheduler scheduler = SynchronizationContext.Current is null
            ? TaskScheduler.Default
            : TaskScheduler.FromCurrentSynchronizationContext();
        task.ContinueWith(
            (t, state) => onComplete(t, (Deferred)state!),
            deferred,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            scheduler);
    }

    /// <summary>The failure a completed task carries, or null when it ran to completion.</summary>
    public static Failure? FailureOf(Task task)
    {
        if (task.IsCanceled)
        {
            return new Failure(new CancelledException("The task was cancelled."));
        }

        if (task.IsFaulted)
        {
            Exception exception = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            return new Failure(exception);
        }

        return null;
    }

    /// <summary>Completes a task source from a failure: cancelled for a CancelledException, faulted otherwise.</summary>
    public static void SetFailure<T>(TaskCompletionSource<T> completion, Failure failure)
    {
        if (failure.Value is OperationCanceledException cancelled)
        {
            completion.TrySetCanceled(cancelled.CancellationToken);
        }
        else
        {
            completion.TrySetException(failure.Value);
        }
    }
}
