namespace Torsion.Protocols;

/// <summary>
/// Strings prefixed by their length as a big-endian 32-bit unsigned integer (Twisted's
/// <c>Int32StringReceiver</c>, struct format <c>!I</c>). Override
/// <see cref="IntNStringReceiver.StringReceived"/>; see <see cref="IntNStringReceiver"/> for the rules.
/// </summary>
public abstract class Int32StringReceiver : IntNStringReceiver
{
    /// <summary>Creates the protocol.</summary>
    protected Int32StringReceiver()
    {
    }

    /// <summary>4: the prefix is 4 byte(s).</summary>
    public sealed override int PrefixLength => 4;
}
