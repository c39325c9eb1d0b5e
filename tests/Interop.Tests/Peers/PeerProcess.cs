using System;
using System.Threading.Tasks;

namespace Torsion.Interop.Tests.Peers;

/// <summary>Runs a peer program to completion with a time limit.</summary>
public static class PeerProcess
{
    /// <summary>
    /// Runs <paramref name="command"/>, writes <paramref name="standardInput"/> (if any) to it and closes
    /// its input, and returns everything it printed once it exits.
    /// </summary>
    /// <exception cref="PeerUnavailableException">The program could not be started.</exception>
    /// <exception cref="PeerTimeoutException">It ran longer than <paramref name="limit"/>; its process tree was killed.</exception>
    public static async Task<PeerResult> RunAsync(PeerCommand command, TimeSpan limit, string? standardInput = null)
    {
        await using RunningPeer peer = RunningPeer.Start(command);
        try
        {
            if (standardInput is not null)
            {
                await peer.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            }

            peer.StandardInput.Close();
        }
        catch (System.IO.IOException)
        {
            // The program exited without reading its input: its result says why.
        }

        return await peer.WaitForExitAsync(limit).ConfigureAwait(false);
    }
}
