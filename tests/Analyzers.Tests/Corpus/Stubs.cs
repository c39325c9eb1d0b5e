namespace Torsion.Protocols
{
    /// <summary>Stands in for a UDP protocol base class, which Torsion.Runtime does not have yet.</summary>
    public abstract class DatagramProtocol
    {
        public virtual void DatagramReceived(byte[] data, System.Net.EndPoint from) { }
    }
}
