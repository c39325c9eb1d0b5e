using System;

namespace Torsion;

/// <summary>
/// A client factory that connects again after each failure or loss, waiting longer each time
/// (Twisted's <c>ReconnectingClientFactory</c>, with its exact backoff).
/// </summary>
/// <remarks>
/// <para>
/// After each failure or loss (while <see cref="ContinueTrying"/>), <see cref="Retries"/> grows by one;
/// past <see cref="MaxRetries"/> the factory gives up. Otherwise <see cref="Delay"/> becomes
/// <c>min(Delay × Factor, MaxDelay)</c> and then, when <see cref="Jitter"/> is not 0, a normally
/// distributed value with that mean and a standard deviation of <c>Delay × Jitter</c>; the connector's
/// <see cref="IConnector.Connect"/> is called after that many seconds on <see cref="Clock"/>. So the first
/// retry comes about <c>e</c> seconds after the first failure, as in Twisted.
/// </para>
/// <para>
/// Call <see cref="ResetDelay"/> once a connection works (typically from the protocol's
/// <c>ConnectionMade</c>), and <see cref="StopTrying"/> to give up.
/// </para>
/// </remarks>
public class ReconnectingClientFactory : ClientFactory
{
    private IDelayedCall? _call;

    /// <summary>The longest wait between attempts, in seconds; 3600 unless set.</summary>
    public double MaxDelay { get; set; } = 3600;

    /// <summary>The delay <see cref="ResetDelay"/> restores, in seconds; 1 unless set.</summary>
    public double InitialDelay { get; set; } = 1.0;

    /// <summary>What the delay is multiplied by after each attempt; e (2.7182818284590451) unless set.</summary>
    public double Factor { get; set; } = 2.7182818284590451;

    /// <summary>The relative standard deviation of the random spread added to each delay; 0.119626565582 (Twisted 22.4's value) unless set; 0 turns it off.</summary>
    public double Jitter { get; set; } = 0.119626565582;

    /// <summary>The current delay, in seconds (the one last used for a retry, or <see cref="InitialDelay"/> after a reset).</summary>
    public double Delay { get; set; } = 1.0;

    /// <summary>How many retries were counted since the last <see cref="ResetDelay"/>.</summary>
    public int Retries { get; private set; }

    /// <summary>How many retries to make before giving up; null (the default) means no limit.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>False after <see cref="StopTrying"/>: failures and losses no longer cause retries.</summary>
    public bool ContinueTrying { get; set; } = true;

    /// <summary>The connector of the last failure or loss, which <see cref="Retry"/> reconnects.</summary>
    public IConnector? Connector { get; private set; }

    /// <summary>Schedules the retries; the installed global reactor when not set (looked up at the first retry).</summary>
    public IReactorTime? Clock { get; set; }

    /// <summary>The source of the jitter; <see cref="System.Random.Shared"/> unless set (set a seeded one for reproducible tests).</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>The pending retry, or null.</summary>
    public IDelayedCall? PendingRetry => _call;

    /// <summary>Retries unless <see cref="StopTrying"/> was called.</summary>
    public override void ClientConnectionFailed(IConnector connector, Failure reason)
    {
        if (ContinueTrying)
        {
            Connector = connector;
            Retry();
        }
    }

    /// <summary>Retries unless <see cref="StopTrying"/> was called.</summary>
    public override void ClientConnectionLost(IConnector connector, Failure reason)
    {
        if (ContinueTrying)
        {
            Connector = connector;
            Retry();
        }
    }

    /// <summary>
    /// Counts a retry and, unless <see cref="MaxRetries"/> is passed or <see cref="ContinueTrying"/> is
    /// false, schedules <see cref="IConnector.Connect"/> after the next delay.
    /// </summary>
    /// <param name="connector">The connector to reconnect; <see cref="Connector"/> when null.</param>
    /// <exception cref="InvalidOperationException">No connector is given or known (Twisted's <c>ValueError("no connector to retry")</c>).</exception>
    public void Retry(IConnector? connector = null)
    {
        if (!ContinueTrying)
        {
            return;
        }

        connector ??= Connector ?? throw new InvalidOperationException("no connector to retry");
        Retries++;
        if (MaxRetries is { } max && Retries > max)
        {
            return;
        }

        Delay = Math.Min(Delay * Factor, MaxDelay);
        if (Jitter != 0)
        {
            Delay = NormalVariate(Delay, Delay * Jitter);
        }

        IReactorTime clock = Clock ??= Reactor.Instance;
        IConnector target = connector;
        _call = clock.CallLater(TimeSpan.FromSeconds(Math.Max(0, Delay)), () =>
        {
            _call = null;
            target.Connect();
        });
    }

    /// <summary>
    /// Gives up: cancels a pending retry, sets <see cref="ContinueTrying"/> to false and stops the
    /// connector's attempt in progress, if any.
    /// </summary>
    public void StopTrying()
    {
        if (_call is not null)
        {
            if (_call.Active)
            {
                _call.Cancel();
            }

            _call = null;
        }

        ContinueTrying = false;
        if (Connector is not null)
        {
            try
            {
                Connector.StopConnecting();
            }
            catch (NotConnectingException)
            {
                // Nothing in progress: nothing to stop.
            }
        }
    }

    /// <summary>
    /// Starts over: <see cref="Delay"/> back to <see cref="InitialDelay"/>, <see cref="Retries"/> to 0,
    /// <see cref="ContinueTrying"/> to true. Call it when a connection has been made.
    /// </summary>
    public void ResetDelay()
    {
        Delay = InitialDelay;
        Retries = 0;
        _call = null;
        ContinueTrying = true;
    }

    /// <summary>A normally distributed value (Box–Muller), as Python's <c>random.normalvariate</c> gives.</summary>
    private double NormalVariate(double mean, double deviation)
    {
        double u1 = 1.0 - Random.NextDouble();
        double u2 = Random.NextDouble();
        return mean + (deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
