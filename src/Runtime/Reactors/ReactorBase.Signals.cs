using System.Collections.Generic;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Torsion;

public abstract partial class ReactorBase
{
    private readonly List<PosixSignalRegistration> _signalRegistrations = new();
    private volatile bool _stopRequestedBySignal;

    /// <summary>
    /// The signal that stopped the reactor (SIGINT or SIGTERM), or null. Like Twisted's
    /// <c>_exitSignal</c>; a program may use it for its exit code.
    /// </summary>
    public PosixSignal? ExitSignal { get; private set; }

    private void InstallSignalHandlers()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _signalRegistrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // A second signal while a signal-requested shutdown is under way is left to the
                // default action (the process ends), so a stuck shutdown can still be interrupted.
                context.Cancel = HandleSignal(context.Signal);
            }));
        }
    }

    private void UninstallSignalHandlers()
    {
        foreach (var registration in _signalRegistrations)
        {
            registration.Dispose();
        }

        _signalRegistrations.Clear();
    }

    /// <summary>
    /// What the SIGINT/SIGTERM handler does, on the signal thread: logs, records
    /// <see cref="ExitSignal"/> and asks the reactor (through <see cref="CallFromThread"/>) to stop
    /// gracefully. Returns false for a repeated signal, whose default action then ends the process.
    /// </summary>
    internal bool HandleSignal(PosixSignal signal)
    {
        if (_stopRequestedBySignal)
        {
            return false;
        }

        _stopRequestedBySignal = true;
        Logger.LogInformation("Received {Signal}, shutting down.", signal);
        ExitSignal = signal;
        CallFromThreadUnlessDisposed(() =>
        {
            if (!_stopped)
            {
                Stop();
            }
        });
        return true;
    }
}
