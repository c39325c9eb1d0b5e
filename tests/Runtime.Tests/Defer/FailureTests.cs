using System;

namespace Torsion.Tests.Defer;

public class FailureTests
{
    [Fact]
    public void CheckReturnsTheFirstMatchingTypeIncludingBaseTypes()
    {
        var failure = new Failure(new ValueErrorException());
        Assert.Equal(typeof(Exception), failure.Check(typeof(KeyErrorException), typeof(Exception)));
        Assert.Null(failure.Check(typeof(KeyErrorException)));
    }

    [Fact]
    public void TrapReturnsTheMatchOrRethrowsTheOriginalException()
    {
        var original = Throw.Thrown(new ValueErrorException());
        var failure = new Failure(original);
        Assert.Equal(typeof(ValueErrorException), failure.Trap(typeof(ValueErrorException)));
        var rethrown = Assert.Throws<ValueErrorException>(() => failure.Trap(typeof(KeyErrorException)));
        Assert.Same(original, rethrown);
    }

    [Fact]
    public void RaiseExceptionKeepsTheOriginalStackTrace()
    {
        Exception original = Throw.Thrown(new KeyErrorException());
        var failure = new Failure(original);
        var rethrown = Assert.Throws<KeyErrorException>(() => failure.RaiseException());
        Assert.Contains(nameof(Throw.Thrown), rethrown.StackTrace);
    }

    [Fact]
    public void ValueAndTypeDescribeTheException()
    {
        var failure = new Failure(new ValueErrorException("msg"));
        Assert.Equal(typeof(ValueErrorException), failure.Type);
        Assert.Equal("msg", failure.GetErrorMessage());
        Assert.Contains("ValueErrorException: msg", failure.ToString());
    }

    [Fact]
    public void TracebackShowsWhereItWasRaisedAndTheRouteItTook()
    {
        var d = new Deferred();
        d.AddCallback(Raise).AddErrback(PassOn);
        Failure? final = null;
        d.AddErrback(f => { final = f; return null; });
        d.Callback(1);
        string traceback = final!.GetTraceback();
        Assert.Contains(nameof(Raise), traceback);
        Assert.Contains("raised in", traceback);
        Assert.Contains("passed on by", traceback);
        Assert.Contains(nameof(PassOn), traceback);
    }

    [Fact]
    public void ErrbackThatRethrowsKeepsTheSameFailureObject()
    {
        var d = new Deferred();
        var failure = new Failure(Throw.Thrown(new ValueErrorException()));
        Failure? later = null;
        d.AddErrback(f => { f.Trap<KeyErrorException>(); return null; }).AddErrback(f => { later = f; return null; });
        d.Errback(failure);
        Assert.Same(failure, later);
    }

    [Fact]
    public void NullExceptionIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Failure(null!));
    }

    private static object? Raise(object? _) => throw new ValueErrorException("raised");

    private static object? PassOn(Failure f)
    {
        f.RaiseException();
        return null;
    }
}
