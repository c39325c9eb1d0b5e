using System;

namespace Torsion.Interop.Tests.Peers;

/// <summary>
/// A peer program did not finish (or did not print what was awaited) in time. Its process tree has
/// been killed; <see cref="PartialResult"/> holds what it printed until then.
/// </summary>
public sealed class PeerTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for <paramref name="partial"/>, which ran longer than <paramref name="limit"/>.</summary>
    public PeerTimeoutException(string what, TimeSpan limit, PeerResult partial)
        : base(what + " did not happen within " + limit.TotalSeconds + " s; the process tree was killed.\n" + partial.Describe())
    {
        PartialResult = partial;
    }

    /// <summary>The command and what it printed before it was killed (its exit code is that of the kill).</summary>
    public PeerResult PartialResult { get; }
}
