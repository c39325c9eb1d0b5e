using System;
using System.Runtime.CompilerServices;

namespace Torsion.Tests.Defer;

/// <summary>
/// The two-reference chain entry (issue 11): a pair is stored as its callback and errback, every
/// other kind as its one reference and a tag, and each reads back exactly what it was made from.
/// </summary>
public class StepTests
{
    private static readonly Func<object?, object?> s_callback = static x => x;
    private static readonly Func<Failure, object?> s_errback = static f => f;

    [Fact]
    public void A_step_is_two_references_wide()
    {
        Assert.Equal(2 * IntPtr.Size, Unsafe.SizeOf<Step>());
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void A_pair_reads_back_its_callback_and_errback_whichever_are_null(bool withCallback, bool withErrback)
    {
        object? callback = withCallback ? s_callback : null;
        object? errback = withErrback ? s_errback : null;
        var step = new Step(StepKind.Pair, callback, errback, null);
        Assert.Equal(StepKind.Pair, step.Kind);
        Assert.Same(callback, step.Callback);
        Assert.Same(errback, step.Errback);
    }

    [Fact]
    public void A_bind_reads_back_the_one_handler_it_holds_on_the_side_it_was_given()
    {
        Func<int, Deferred<int>> bindCallback = static x => Deferred.Succeed(x);
        Func<Failure, Deferred<int>> bindErrback = static _ => Deferred.Succeed(0);

        var onValue = new Step(StepKind.Bind, bindCallback, null, null);
        Assert.Equal(StepKind.Bind, onValue.Kind);
        Assert.Same(bindCallback, onValue.Callback);
        Assert.Null(onValue.Errback);

        var onFailure = new Step(StepKind.Bind, null, bindErrback, null);
        Assert.Equal(StepKind.Bind, onFailure.Kind);
        Assert.Null(onFailure.Callback);
        Assert.Same(bindErrback, onFailure.Errback);
    }

    [Theory]
    [InlineData((int)StepKind.Transfer)]
    [InlineData((int)StepKind.ChainTo)]
    [InlineData((int)StepKind.Continue)]
    public void A_step_with_a_target_reads_back_its_kind_and_target_and_no_handlers(int kindNumber)
    {
        // The kind travels as a number: StepKind is internal and a public test method cannot take it.
        var kind = (StepKind)kindNumber;
        var target = new Deferred();
        var step = new Step(kind, null, null, target);
        Assert.Equal(kind, step.Kind);
        Assert.Same(target, step.Target);
        Assert.Null(step.Errback);
    }

    [Fact]
    public void A_notify_step_reads_back_its_observer()
    {
        Action observer = static () => { };
        var step = new Step(StepKind.Notify, observer, null, null);
        Assert.Equal(StepKind.Notify, step.Kind);
        Assert.Same(observer, step.Callback);
        Assert.Null(step.Errback);
    }

    [Fact]
    public void Pairs_and_binds_have_no_single_tag()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StepTag.For(StepKind.Pair));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepTag.For(StepKind.Bind));
    }
}
