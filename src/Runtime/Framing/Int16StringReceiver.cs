namespace Torsion.Protocols;

/// <summary>
/// Strings prefixed by their length as a big-endian 16-bit unsigned integer (Twisted's
/// <c>Int16StringReceiver</c>, struct format <c>!H</c>). Override
/// <see cref="IntNStringReceiver.StringReceived"/>; see <see cref="IntNStringReceiver"/> for the rules.
/// </summary>
public abstract class Int16StringReceiver : IntNStringReceiver
{
    /// <summary>Creates the protocol.</summary>
    protected Int16StringReceiver()
    {
    }

    /// <summary>2: the prefix is 2 byte(s).</summary>
    public sealed override int PrefixLength => 2;
}
