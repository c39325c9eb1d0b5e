using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Torsion;

/// <summary>
/// A bounded pool of dedicated worker threads (Twisted's <c>threadpool.ThreadPool</c>). Work queued
/// before <see cref="Start"/> waits for it. Threads are created on demand up to
/// <see cref="MaxThreads"/> and leave after a few idle seconds down to <see cref="MinThreads"/>.
/// All members are thread-safe.
/// </summary>
public sealed class ReactorThreadPool
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(5);
    private readonly object _lock = new();
    private readonly Queue<Action> _work = new();
    private readonly string _name;
    private readonly ILogger _logger;
    private int _threads;
    private int _idle;
    private int _nextThreadNumber;
    private int _starting;

    /// <summary>Creates a stopped pool.</summary>
    /// <param name="minThreads">Threads kept even when idle.</param>
    /// <param name="maxThreads">The most threads running work at once.</param>
    /// <param name="name">The prefix of the worker threads' names.</param>
    /// <param name="logger">Where exceptions thrown by work items are logged (nowhere when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, <paramref name="maxThreads"/> is 0, or min exceeds max.</exception>
    public ReactorThreadPool(int minThreads = 5, int maxThreads = 20, string name = "Torsion.ThreadPool", ILogger? logger = null)
    {
        CheckSizes(minThreads, maxThreads);
        MinThreads = minThreads;
        MaxThreads = maxThreads;
        _name = name;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Threads kept even when idle.</summary>
    public int MinThreads { get; private set; }

    /// <summary>The most threads running work at once.</summary>
    public int MaxThreads { get; private set; }

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool Started { get; private set; }

    /// <summary>The number of worker threads alive now.</summary>
    public int ThreadCount
    {
        get
        {
            lock (_lock)
            {
                return _threads;
            }
        }
    }

    /// <summary>Starts the workers; queued work begins to run.</summary>
    public void Start()
    {
        lock (_lock)
        {
            Started = true;
            SpawnForQueuedWork();
        }
    }

    /// <summary>
    /// Stops the pool without blocking: the workers finish the work already queued, then exit.
    /// Work queued while the pool is stopped runs after the next <see cref="Start"/> (or by a worker
    /// still finishing the queue).
    /// </summary>
    public void Stop()
    {
        lock (_lock)
        {
            Started = false;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Queues <paramref name="work"/>; an exception it throws is logged.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public void CallInThread(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_lock)
        {
            _work.Enqueue(work);
            if (_idle > 0)
            {
                Monitor.Pulse(_lock);
            }

            SpawnForQueuedWork();
        }
    }

    /// <summary>Changes the pool's bounds; extra threads leave once their current work is done.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, <paramref name="maxThreads"/> is 0, or min exceeds max.</exception>
    public void AdjustPoolSize(int minThreads, int maxThreads)
    {
        CheckSizes(minThreads, maxThreads);
        lock (_lock)
        {
            MinThreads = minThreads;
            MaxThreads = maxThreads;
            Monitor.PulseAll(_lock);
            SpawnForQueuedWork();
        }
    }

    private static void CheckSizes(int minThreads, int maxThreads)
    {
        if (minThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minThreads), minThreads, "minThreads must be zero or more.");
        }

        if (maxThreads < 1 || minThreads > maxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be at least 1 and at least minThreads.");
        }
    }

    private void SpawnForQueuedWork()
    {
        // Called under the lock: one thread per queued item that no idle thread will take.
        while (Started && _threads < MaxThreads && _work.Count > _idle + _starting)
        {
            _threads++;
            _starting++;
            var thread = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"{_name}-{++_nextThreadNumber}",
            };
            thread.Start();
        }
    }

    private void WorkerLoop()
    {
        lock (_lock)
        {
            _starting--;
        }

        while (true)
        {
            Action? work = null;
            lock (_lock)
            {
                while (work is null)
                {
                    if (_threads > MaxThreads)
                    {
                        _threads--;
                        return;
                    }

                    if (_work.Count > 0)
                    {
                        work = _work.Dequeue();
                        break;
                    }

                    if (!Started)
                    {
                        _threads--;
                        return;
                    }

                    _idle++;
                    bool signalled = Monitor.Wait(_lock, IdleTimeout);
                    _idle--;
                    if (!signalled && _work.Count == 0 && _threads > MinThreads)
                    {
                        _threads--;
                        return;
                    }
                }
            }

            try
            {
                work();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Unhandled exception in thread pool work {Callback}.", Torsion.Reactors.CallbackNames.Describe(work));
            }
        }
    }
}
