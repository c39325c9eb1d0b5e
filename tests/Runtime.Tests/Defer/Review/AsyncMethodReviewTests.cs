using System.Threading;

namespace Torsion.Tests.Defer.Review;

/// <summary>async Deferred methods: ExecutionContext (AsyncLocal) flow like any .NET async method.</summary>
public class AsyncMethodReviewTests
{
    private static readonly AsyncLocal<int> s_local = new();

    [Fact]
    public void AsyncLocalSetInsideAnAsyncDeferredMethodDoesNotLeakToItsCaller()
    {
        s_local.Value = 1;
        var gate = new Deferred();
        Deferred method = SetAndWait(gate, 42, null);
        Assert.Equal(1, s_local.Value);
        gate.Callback(null);
        Assert.True(method.Called);
    }

    [Fact]
    public void AsyncLocalFlowsAcrossAnAwaitOfADeferredFiredFromAnotherContext()
    {
        var observed = new int[1];
        var gate = new Deferred();
        RunIsolated(() =>
        {
            _ = SetAndWait(gate, 42, observed);
        });
        RunIsolated(() =>
        {
            s_local.Value = 7;
            gate.Callback(null);
            Assert.Equal(7, s_local.Value); // the method's context does not leak into the firer
        });
        Assert.Equal(42, observed[0]);
    }

    private static void RunIsolated(System.Action action)
    {
        ExecutionContext context = ExecutionContext.Capture()!;
        ExecutionContext.Run(context, _ => action(), null);
    }

    private static async Deferred SetAndWait(Deferred gate, int value, int[]? observed)
    {
        s_local.Value = value;
        await gate;
        if (observed is not null)
        {
            observed[0] = s_local.Value;
        }
    }
}
