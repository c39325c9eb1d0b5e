using System;
using System.Threading;
using System.Threading.Tasks;

namespace Torsion.Tests.Defer;

/// <summary>
/// Issue 8, item 7: <c>await d</c> on one thread while another thread fires <c>d</c> (the reactor,
/// say) must never see a value that was not the result, never run its continuation twice and never
/// lose it.
/// </summary>
public class CrossThreadAwaitTests
{
    private const int Rounds = 100_000;

    private static async Task<int> AwaitOnce(Deferred<int> deferred, StrongBox<int> resumed)
    {
        int value = await deferred;
        Interlocked.Increment(ref resumed.Value);
        return value;
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }

    // The test thread plays the awaiting thread and must block on each await's task.
#pragma warning disable xUnit1031
    [Fact]
    public void Await_racing_with_Callback_on_another_thread_always_gets_the_result_exactly_once()
    {
        var deferreds = new Deferred<int>[Rounds];
        for (int i = 0; i < Rounds; i++)
        {
            deferreds[i] = new Deferred<int>();
        }

        int fired = -1;
        int awaiting = -1;
        Exception? firerError = null;
        var firer = new Thread(() =>
        {
            try
            {
                for (int i = 0; i < Rounds; i++)
                {
                    // Start together with the awaiting thread, as closely as a spin allows.
                    SpinWait spin = default;
                    while (Volatile.Read(ref awaiting) < i)
                    {
                        spin.SpinOnce(-1);
                    }

                    deferreds[i].Callback(7);
                    Volatile.Write(ref fired, i);
                }
            }
            catch (Exception e)
            {
                firerError = e;
            }
        });
        firer.Start();

        int wrong = 0;
        int lost = 0;
        int twice = 0;
        for (int i = 0; i < Rounds; i++)
        {
            var resumed = new StrongBox<int>();
            Volatile.Write(ref awaiting, i);
            Task<int> task = AwaitOnce(deferreds[i], resumed);
            if (!task.Wait(TimeSpan.FromSeconds(10)))
            {
                lost++;
                break;
            }

            if (task.Result != 7)
            {
                wrong++;
            }

            SpinWait spin = default;
            while (Volatile.Read(ref fired) < i)
            {
                spin.SpinOnce(-1);
            }

            if (Volatile.Read(ref resumed.Value) != 1)
            {
                twice++;
            }
        }

        Assert.True(firer.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(firerError);
        Assert.Equal(0, lost);
        Assert.Equal(0, wrong);
        Assert.Equal(0, twice);
    }
#pragma warning restore xUnit1031
}
