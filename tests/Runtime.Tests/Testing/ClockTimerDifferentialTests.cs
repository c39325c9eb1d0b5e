using System;
using System.Collections.Generic;
using System.Threading;
using Torsion.Testing;

namespace Torsion.Tests.Testing;

/// <summary>
/// Seeded random sequences of <c>Change</c>, <c>Dispose</c> and <c>Advance</c> on several timers of one
/// <see cref="Clock"/>, compared step by step with a plain model of <see cref="ITimer"/>'s contract: how many
/// times each callback ran, and what <c>Change</c> returned.
/// </summary>
public sealed class ClockTimerDifferentialTests
{
    /// <summary>The model: one timer's schedule in ticks, as the BCL documents it.</summary>
    private sealed class ModelTimer
    {
        public long? Due;
        public long Period;
        public bool Disposed;
        public int Fired;

        public bool Change(long now, TimeSpan due, TimeSpan period)
        {
            if (Disposed)
            {
                return false;
            }

            Due = due == Timeout.InfiniteTimeSpan ? null : now + due.Ticks;
            Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void Dispose()
        {
            Disposed = true;
            Due = null;
        }

        public void AdvanceTo(long now)
        {
            while (Due is { } due && due <= now)
            {
                Fired++;
                Due = Period > 0 ? due + Period : null;
            }
        }
    }

    private static TimeSpan RandomDue(Random random)
        => random.Next(10) == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(random.Next(0, 51));

    private static TimeSpan RandomPeriod(Random random)
        => random.Next(0, 4) switch
        {
            0 => Timeout.InfiniteTimeSpan,
            1 => TimeSpan.Zero,
            _ => TimeSpan.FromMilliseconds(random.Next(1, 21)),
        };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RandomOperations_MatchTheModel(int seed)
    {
        var random = new Random(seed);
        var clock = new Clock();
        const int TimerCount = 3;
        var models = new ModelTimer[TimerCount];
        var timers = new ITimer[TimerCount];
        var fired = new int[TimerCount];
        var states = new object[TimerCount];
        for (int i = 0; i < TimerCount; i++)
        {
            int index = i;
            states[i] = new object();
            models[i] = new ModelTimer();
            TimeSpan due = RandomDue(random);
            TimeSpan period = RandomPeriod(random);
            models[i].Change(clock.GetTimestamp(), due, period);
            timers[i] = clock.CreateTimer(state =>
            {
                Assert.Same(states[index], state);
                fired[index]++;
            }, states[i], due, period);
        }

        for (int step = 0; step < 2000; step++)
        {
            int which = random.Next(TimerCount);
            string operation;
            switch (random.Next(10))
            {
                case < 3:
                {
                    TimeSpan due = RandomDue(random);
                    TimeSpan period = RandomPeriod(random);
                    operation = $"Change({due}, {period}) on timer {which}";
                    Assert.Equal(models[which].Change(clock.GetTimestamp(), due, period), timers[which].Change(due, period));
                    break;
                }

                case 3 when random.Next(8) == 0:
                    operation = $"Dispose timer {which}";
                    models[which].Dispose();
                    timers[which].Dispose();
                    break;

                default:
                {
                    TimeSpan amount = TimeSpan.FromMilliseconds(random.Next(0, 31));
                    operation = $"Advance({amount})";
                    clock.Advance(amount);
                    foreach (ModelTimer model in models)
                    {
                        model.AdvanceTo(clock.GetTimestamp());
                    }

                    break;
                }
            }

            for (int i = 0; i < TimerCount; i++)
            {
                Assert.True(models[i].Fired == fired[i], $"seed {seed}, step {step} ({operation}): timer {i} ran {fired[i]} times, the model {models[i].Fired}");
            }
        }

        // Nothing is left scheduled for a timer that is disposed or has no next due time.
        int expectedPending = 0;
        foreach (ModelTimer model in models)
        {
            expectedPending += model.Due is null ? 0 : 1;
        }

        Assert.Equal(expectedPending, clock.GetDelayedCalls().Count);
    }
}
