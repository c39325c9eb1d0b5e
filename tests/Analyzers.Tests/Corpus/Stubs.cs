namespace Torsion.Protocols
{
    public abstract class Protocol
    {
        public virtual void ConnectionMade() { }
        public virtual void DataReceived(byte[] data) { }
        public virtual void ConnectionLost(System.Exception reason) { }
    }

    public abstract class LineReceiver : Protocol
    {
        public virtual void LineReceived(string line) { }
        public void SendLine(string line) { }
    }

    public abstract class DatagramProtocol
    {
        public virtual void DatagramReceived(byte[] data, System.Net.EndPoint from) { }
    }

    public abstract class Factory
    {
        public virtual Protocol? BuildProtocol(System.Net.EndPoint address) => null;
        public virtual void StartFactory() { }
        public virtual void StopFactory() { }
    }
}
