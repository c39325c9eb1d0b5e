using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Torsion;

/// <summary>
/// Runs a program's main function on a reactor and turns its outcome into an exit code
/// (Twisted's <c>task.react</c>).
/// </summary>
public static class React
{
    /// <summary>
    /// Calls <paramref name="main"/> with the reactor, runs the reactor, and stops it once the returned
    /// Deferred fires (tolerating a reactor that is already stopping). Returns the exit code: 0 on
    /// success, 1 on failure (logged as "main function encountered error"), the exit code of a
    /// <see cref="SystemExitException"/> failure, 0 if the reactor was
    /// stopped from elsewhere before the result arrived.
    /// </summary>
    /// <param name="main">The program. Unlike Twisted's, it is called once the reactor runs (from
    /// "after startup"), so every <c>await</c> in an <c>async Deferred</c> main resumes on the reactor thread.</param>
    /// <param name="reactor">The reactor to run; the global <see cref="Reactor.Instance"/> when null.</param>
    /// <param name="logger">Where a failure of <paramref name="main"/> is logged; <see cref="Reactor.Logger"/> (standard error by default) when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="main"/> is null.</exception>
    /// <exception cref="ReactorNotRestartableException">The reactor was stopped before.</exception>
    public static int Run(Func<IReactor, Deferred> main, IReactor? reactor = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return RunCore(main, reactor, logger);
    }

    /// <summary>
    /// Like <see cref="Run(Func{IReactor, Deferred}, IReactor?, ILogger?)"/> for a <see cref="Task"/>-returning
    /// main function. It starts once the reactor runs, so every <c>await</c> in it resumes on the reactor
    /// thread (the reactor's synchronization context is installed by then).
    /// </summary>
    /// <param name="main">The program.</param>
    /// <param name="reactor">The reactor to run; the global <see cref="Reactor.Instance"/> when null.</param>
    /// <param name="logger">Where a failure of <paramref name="main"/> is logged; <see cref="Reactor.Logger"/> (standard error by default) when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="main"/> is null.</exception>
    /// <exception cref="ReactorNotRestartableException">The reactor was stopped before.</exception>
    public static int RunTask(Func<IReactor, Task> main, IReactor? reactor = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        return RunCore(r => Deferred.FromTask(main(r)), reactor, logger);
    }

    private static int RunCore(Func<IReactor, Deferred> main, IReactor? reactor, ILogger? logger)
    {
        var theReactor = reactor ?? Reactor.Instance;
        var log = logger ?? Reactor.Logger;
        int code = 0;
        bool stopping = false;
        theReactor.AddSystemEventTrigger(SystemEventPhase.Before, SystemEvents.Shutdown, () => { stopping = true; });

        void Finish(object? result, bool stopReactor)
        {
            if (stopReactor)
            {
                try
                {
                    theReactor.Stop();
                }
                catch (ReactorNotRunningException)
                {
                    // Already stopping: fine.
                }
            }

            if (result is Failure failure)
            {
                if (failure.Value is SystemExitException exit)
                {
                    code = exit.ExitCode;
                }
                else
                {
                    log.LogError(failure.Value, "main function encountered error");
                    code = 1;
                }
            }
        }

        void Start()
        {
            Deferred finished;
            try
            {
                finished = main(theReactor) ?? Deferred.Succeed(null);
            }
            catch (Exception e)
            {
                finished = Deferred.Fail(e);
            }

            finished.AddBoth(result =>
            {
                if (stopping)
                {
                    Finish(result, false);
                }
                else
                {
                    theReactor.CallWhenRunning(() => Finish(result, true));
                }

                return null;
            });
        }

        theReactor.CallWhenRunning(Start);

        theReactor.Run();
        return code;
    }
}
