using System;
using Torsion.Testing;

namespace Torsion.Tests.Defer;

public class TimeoutTests
{
    [Fact]
    public void TimeoutFailsWithDeferredTimeoutException()
    {
        var clock = new Clock();
        var d = new Deferred();
        d.AddTimeout(TimeSpan.FromSeconds(10), clock);
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(got);
        clock.Advance(TimeSpan.FromSeconds(1));
        var timeout = Assert.IsType<DeferredTimeoutException>(got!.Value);
        Assert.Equal(TimeSpan.FromSeconds(10), timeout.Timeout);
    }

    [Fact]
    public void ResultBeforeTheTimeoutPassesThroughAndCancelsTheTimer()
    {
        var clock = new Clock();
        var d = new Deferred<int>();
        d.AddTimeout(TimeSpan.FromSeconds(10), clock);
        d.Callback(5);
        Assert.Equal(5, d.Result);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void ManualCancelBeforeTheTimeoutKeepsCancelledException()
    {
        var clock = new Clock();
        var d = new Deferred();
        d.AddTimeout(TimeSpan.FromSeconds(10), clock);
        Failure? got = null;
        d.AddErrback(f => { got = f; return null; });
        d.Cancel();
        Assert.IsType<CancelledException>(got!.Value);
        Assert.Empty(clock.GetDelayedCalls());
    }

    [Fact]
    public void OnTimeoutCancelReplacesTheResult()
    {
        var clock = new Clock();
        var d = new Deferred();
        TimeSpan seen = default;
        Deferred continued = d.AddTimeout(TimeSpan.FromSeconds(2), clock, (result, timeout) =>
        {
            seen = timeout;
            return "gave up";
        });
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("gave up", continued.Result);
        Assert.Equal(TimeSpan.FromSeconds(2), seen);
    }

    [Fact]
    public void TimeoutCoversOnlyCallbacksAddedBefore()
    {
        var clock = new Clock();
        var d = new Deferred();
        var inner = new Deferred();
        d.AddTimeout(TimeSpan.FromSeconds(1), clock);
        d.AddCallback(_ => inner); // added after: its wait is not covered
        d.Callback(null);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(inner.Called);
        inner.Callback("ok");
        Assert.Equal("ok", d.Result);
    }

    [Fact]
    public void TypedTimeoutFailsWithDeferredTimeoutException()
    {
        var clock = new Clock();
        var d = new Deferred<int>();
        d.AddTimeout(TimeSpan.FromSeconds(1), clock).AddErrback(f => f.Check<DeferredTimeoutException>() ? -1 : -2);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(-1, d.Result);
    }

    [Fact]
    public void NegativeTimeoutIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Deferred().AddTimeout(TimeSpan.FromSeconds(-1), new Clock()));
    }
}
