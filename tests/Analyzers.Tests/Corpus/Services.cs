using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Torsion;

namespace Corpus.Services
{
    public sealed class ConfigService
    {
        private readonly IReactor _reactor;
        private string _cached = "";
        private Action? _onReload;

        public ConfigService(IReactor reactor) => _reactor = reactor;

        public void Start()
        {
            _reactor.CallWhenRunning(Main);
            _reactor.CallLater(TimeSpan.FromMinutes(1), () => Refresh()); // BLOCKS
            _reactor.CallLater(TimeSpan.FromMinutes(2), Tick);
            void Tick() => Thread.Sleep(10); // BLOCKS
        }

        private void Main()
        {
            Refresh(); // BLOCKS
            Validate(); // SAFE
            Reload(3); // BLOCKS
            _onReload = () => File.ReadAllText("reload.txt"); // SAFE
        }

        private void Refresh() => _cached = LoadConfig();

        private string LoadConfig() => Parse(File.ReadAllText("config.xml"));

        private static string Parse(string text) => text.Trim();

        [NonBlocking]
        private void Validate() => ReadChecksum();

        private void ReadChecksum() => File.ReadAllBytes("config.sha");

        private void Reload(int depth)
        {
            if (depth > 0) { Reload(depth - 1); return; }
            using var reader = XmlReader.Create("reload.xml");
            reader.Read();
        }

        public void Offline()
        {
            Refresh(); // SAFE
            _onReload?.Invoke();
        }

        public Deferred<string> Get(Deferred<string> key)
        {
            return key.AddCallback(k =>
            {
                var loader = new Loader(k); // BLOCKS
                return loader.Text + _cached;
            });
        }
    }

    public sealed class Loader
    {
        public Loader(string key) => Text = File.ReadAllText(key);

        public string Text { get; }
    }

    [RunsOnReactor]
    public sealed class Janitor
    {
        private readonly Thread _worker = new(() => Thread.Sleep(1000)); // SAFE

        public void Sweep()
        {
            _worker.Join(); // BLOCKS
            _worker.Join(0); // SAFE
        }
    }

    public sealed class Metrics
    {
        private readonly ManualResetEvent _ready = new(false);
        private readonly object _gate = new();

        [RunsOnReactor]
        public void Report(Task<int> count)
        {
            _ready.WaitOne(0); // SAFE
            lock (_gate) { Monitor.Wait(_gate, 0); } // SAFE
            _ready.WaitOne(); // BLOCKS
            var memory = new MemoryStream();
            memory.Write(new byte[4], 0, 4); // SAFE
            var text = new StringWriter();
            text.Write(count.IsCompleted ? count.Result : 0); // SAFE
            Console.WriteLine(count.Result); // BLOCKS
        }

        [RunsOnReactor]
        public void Handoff(IReactor reactor) => Console.WriteLine(reactor.BlockingCallFromThread(() => 1)); // BLOCKS

        public void Background(IReactor reactor) => reactor.DeferToThread(() => _ready.WaitOne()); // SAFE
    }
}
