using System;
using System.Runtime.CompilerServices;

namespace Torsion.Tests.Defer;

[Collection("Unhandled failures")]
public class UnhandledFailureTests
{
    [Fact]
    public void DroppedFailedDeferredIsReportedWhenCollected()
    {
        using var capture = UnhandledFailures.Capture();
        DropFailed(new ValueErrorException("lost?"));
        var flushed = capture.Flush(typeof(ValueErrorException));
        var failure = Assert.Single(flushed);
        Assert.Equal("lost?", failure.Value.Message);
    }

    [Fact]
    public void HandledFailureIsNotReported()
    {
        using var capture = UnhandledFailures.Capture();
        DropHandled();
        Assert.Empty(capture.Flush());
    }

    [Fact]
    public void FailureHandledAfterTheChainEndedIsNotReported()
    {
        using var capture = UnhandledFailures.Capture();
        LateHandle();
        Assert.Empty(capture.Flush());
    }

    [Fact]
    public void FlushTakesOnlyTheRequestedTypes()
    {
        using var capture = UnhandledFailures.Capture();
        DropFailed(new ValueErrorException());
        DropFailed(new KeyErrorException());
        Assert.Single(capture.Flush(typeof(KeyErrorException)));
        Assert.Single(capture.Failures);
        Assert.Single(capture.Flush());
    }

    [Fact]
    public void UnhandledEventSeesTheFailureAndCanMarkItObserved()
    {
        Failure? seen = null;
        EventHandler<UnhandledFailureEventArgs> handler = (_, e) =>
        {
            if (e.Failure.Value is KeyErrorException { Message: "event" })
            {
                seen = e.Failure;
                e.Observed = true;
            }
        };
        UnhandledFailures.Unhandled += handler;
        try
        {
            DropFailed(new KeyErrorException("event"));
            UnhandledFailures.CollectNow();
        }
        finally
        {
            UnhandledFailures.Unhandled -= handler;
        }

        Assert.NotNull(seen);
    }

    [Fact]
    public void AwaitedFailureIsNotReported()
    {
        using var capture = UnhandledFailures.Capture();
        AwaitFailed();
        Assert.Empty(capture.Flush());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropFailed(Exception exception) => Deferred.Fail(exception);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropHandled() => Deferred.Fail(new ValueErrorException()).AddErrback(_ => null);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LateHandle()
    {
        var d = Deferred.Fail(new ValueErrorException());
        GC.KeepAlive(d);
        d.AddErrback(_ => null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AwaitFailed()
    {
        static async Deferred Consume(Deferred d)
        {
            try
            {
                await d;
            }
            catch (ValueErrorException)
            {
            }
        }

        _ = Consume(Deferred.Fail(new ValueErrorException()));
    }
}
