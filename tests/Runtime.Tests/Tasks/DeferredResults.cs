using System;

namespace Torsion.Tests.Tasks;

/// <summary>trial's successResultOf / failureResultOf / assertNoResult, for the task tests.</summary>
internal static class DeferredResults
{
    /// <summary>Asserts the Deferred has a successful result now and returns it.</summary>
    public static T SuccessOf<T>(Deferred<T> deferred)
    {
        Assert.True(deferred.HasResult, "Success result expected on " + deferred + ", found no result instead");
        Assert.False(deferred.IsFailed, "Success result expected on " + deferred + ", found a failure instead");
        return deferred.Result;
    }

    /// <summary>Asserts the Deferred has a successful result now and returns it.</summary>
    public static object? SuccessOf(Deferred deferred)
    {
        Assert.True(deferred.HasResult, "Success result expected on " + deferred + ", found no result instead");
        Assert.False(deferred.IsFailed, "Success result expected on " + deferred + ", found a failure instead");
        return deferred.Result;
    }

    /// <summary>
    /// Asserts the Deferred has failed now with an exception of type <typeparamref name="TException"/>,
    /// consumes the failure (so it is not reported as unhandled) and returns it.
    /// </summary>
    public static Failure FailureOf<TException>(Deferred deferred)
        where TException : Exception
    {
        Assert.True(deferred.HasResult, "Failure result expected on " + deferred + ", found no result instead");
        Assert.True(deferred.IsFailed, "Failure result expected on " + deferred + ", found a success instead");
        Failure? failure = null;
        deferred.AddErrback(f =>
        {
            failure = f;
            return null;
        });
        Assert.NotNull(failure);
        Assert.IsAssignableFrom<TException>(failure!.Value);
        return failure;
    }

    /// <summary>Asserts the Deferred has no result now: unfired, paused, or waiting on another Deferred.</summary>
    public static void NoResult(Deferred deferred)
    {
        Assert.False(deferred.HasResult, "No result expected on " + deferred + ", found one instead");
    }
}
