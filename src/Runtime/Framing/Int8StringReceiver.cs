namespace Torsion.Protocols;

/// <summary>
/// Strings prefixed by their length as a big-endian 8-bit unsigned integer (Twisted's
/// <c>Int8StringReceiver</c>, struct format <c>!B</c>). Override
/// <see cref="IntNStringReceiver.StringReceived"/>; see <see cref="IntNStringReceiver"/> for the rules.
/// </summary>
public abstract class Int8StringReceiver : IntNStringReceiver
{
    /// <summary>Creates the protocol.</summary>
    protected Int8StringReceiver()
    {
    }

    /// <summary>1: the prefix is 1 byte(s).</summary>
    public sealed override int PrefixLength => 1;
}
