using System;

namespace Torsion.Protocols;

/// <summary>
/// Closes a connection (or does whatever <c>timeoutConnection</c> says) when nothing happened on it
/// for a while: Twisted's <c>policies.TimeoutMixin</c>, as an object a protocol holds, since C# has no
/// mixins. The timer runs on an <see cref="IReactorTime"/>, so tests drive it with a
/// <see cref="Torsion.Testing.Clock"/>.
/// </summary>
/// <example>
/// <code>
/// sealed class Idle : LineReceiver
/// {
///     private IdleTimeout? _idle;
///     public override void ConnectionMade()
///     {
///         _idle = IdleTimeout.LoseConnectionOf(this, reactor);
///         _idle.SetTimeout(TimeSpan.FromMinutes(5));
///     }
///     protected override void LineReceived(ReadOnlySpan&lt;byte&gt; line) { _idle!.ResetTimeout(); /* ... */ }
///     public override void ConnectionLost(Failure reason) => _idle?.SetTimeout(null);
/// }
/// </code>
/// </example>
public sealed class IdleTimeout
{
    private readonly IReactorTime _clock;
    private readonly Action _timeoutConnection;
    private IDelayedCall? _call;

    /// <summary>Creates the helper; no timer runs until <see cref="SetTimeout"/>.</summary>
    /// <param name="clock">Schedules the timer (a reactor, or a test <see cref="Torsion.Testing.Clock"/>).</param>
    /// <param name="timeoutConnection">Called when the period passes without a <see cref="ResetTimeout"/> (Twisted's <c>timeoutConnection</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IdleTimeout(IReactorTime clock, Action timeoutConnection)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timeoutConnection);
        _clock = clock;
        _timeoutConnection = timeoutConnection;
    }

    /// <summary>A helper whose timeout calls <see cref="ITransport.LoseConnection"/> on <paramref name="protocol"/>'s transport (Twisted's default <c>timeoutConnection</c>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IdleTimeout LoseConnectionOf(Protocol protocol, IReactorTime clock)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return new IdleTimeout(clock, () => protocol.TransportOrNull?.LoseConnection());
    }

    /// <summary>The period set by <see cref="SetTimeout"/> (Twisted's <c>timeOut</c>), or null when there is none.</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>True while a timer is pending.</summary>
    public bool Pending => _call is not null && _call.Active;

    /// <summary>
    /// Sets the period: starts the timer, or restarts a pending one with the new period; null cancels
    /// it. Returns the previous period.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is negative.</exception>
    public TimeSpan? SetTimeout(TimeSpan? period)
    {
        if (period is { } p && p < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A timeout cannot be negative.");
        }

        TimeSpan? previous = Timeout;
        Timeout = period;
        if (_call is not null)
        {
            if (period is null)
            {
                if (_call.Active)
                {
                    _call.Cancel();
                }

                _call = null;
            }
            else if (_call.Active)
            {
                _call.Reset(period.Value);
            }
            else
            {
                _call = _clock.CallLater(period.Value, TimedOut);
            }
        }
        else if (period is not null)
        {
            _call = _clock.CallLater(period.Value, TimedOut);
        }

        return previous;
    }

    /// <summary>Restarts the pending timer with the current period (call it whenever there is activity). Does nothing when no timer is pending.</summary>
    public void ResetTimeout()
    {
        if (_call is not null && _call.Active && Timeout is { } period)
        {
            _call.Reset(period);
        }
    }

    private void TimedOut()
    {
        _call = null;
        _timeoutConnection();
    }
}
