using System;

namespace Torsion.Interop.Tests.Peers;

/// <summary>
/// A peer program the test needs is not installed (or cannot do what it must, e.g. Python without
/// Twisted). The message names the Debian package to install. Interop tests fail with it; they never
/// skip, since this project exists to run against the real peers.
/// </summary>
public sealed class PeerUnavailableException : Exception
{
    /// <summary>Creates the exception with a message naming the missing peer and how to install it.</summary>
    public PeerUnavailableException(string message)
        : base(message)
    {
    }
}
