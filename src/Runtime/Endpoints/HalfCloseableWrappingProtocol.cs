namespace Torsion.Endpoints;

/// <summary>A <see cref="WrappingProtocol"/> for a protocol that supports half-close: the transport sees the support and the events are passed on.</summary>
internal sealed class HalfCloseableWrappingProtocol : WrappingProtocol, IHalfCloseableProtocol
{
    public HalfCloseableWrappingProtocol(IProtocol wrapped, WrappingClientFactory factory)
        : base(wrapped, factory)
    {
    }

    public void ReadConnectionLost() => ((IHalfCloseableProtocol)Wrapped).ReadConnectionLost();

    public void WriteConnectionLost() => ((IHalfCloseableProtocol)Wrapped).WriteConnectionLost();
}
